locals {
  unused = "helper"
}
