# This module has no inputs: the parameter names are the contract (docs/contract.md), and the
# region comes from the caller's aws provider.
