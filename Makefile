# The two things you do with this repository:
#   make test     everything: Go tests, and every Terraform folder checked with real tools
#   go run ./cmd/platformctl up     deploy (see README.md)
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c

# Pinned tools (tofu, tflint, trivy) live in the user cache, not in the clone.
TOOLS_BIN := $(shell scripts/install-tools.sh --bin-dir)
export PATH := $(TOOLS_BIN):$(PATH)

GO_TEST_FLAGS ?= -count=1 -timeout 75m -parallel 4
REPORT := $(CURDIR)/build/terraform-suite.txt

.PHONY: test tools lambda lint fmt

## test: install the pinned tools, build the Lambda zip, run every Go and Terraform test.
test: tools lambda
	@mkdir -p build && rm -f $(REPORT)
	@status=0; PLATFORM_TEST_REPORT=$(REPORT) go test $(GO_TEST_FLAGS) ./... || status=$$?; \
	  if [[ -f $(REPORT) ]]; then echo "--- Terraform suite"; cat $(REPORT); fi; exit $$status

## tools: build or reuse tofu, tflint and trivy at their pinned versions.
tools:
	@scripts/install-tools.sh >/dev/null

## lambda: build the pre-sign-up Lambda zip (reproducible) that base-infra deploys.
lambda:
	go run ./cmd/lambdazip -pkg ./cmd/presignup -out build/presignup.zip

## lint: go vet, gofmt, and the tflint + trivy gates of the Terraform suite.
lint: tools
	go vet ./...
	@out=$$(gofmt -l cmd internal); if [[ -n $$out ]]; then echo "gofmt would change: $$out (run make fmt)"; exit 1; fi
	go test -count=1 -run 'TestRepository/(tflint|trivy)' ./internal/tfcheck

## fmt: format Go and Terraform code in place.
fmt:
	gofmt -w cmd internal
	$$(command -v terraform || command -v tofu) fmt -recursive terraform
