#!/usr/bin/env bash
# install-tools.sh — provides the pinned Terraform tooling this repository tests with.
#
#   scripts/install-tools.sh            install (or reuse) every tool; prints the bin dir last
#   scripts/install-tools.sh --bin-dir  only print the bin dir (nothing is built)
#
# A fresh machine needs nothing but Go (and bash): every tool is built from the Go module
# proxy. A tool already on PATH at the pinned version is used as it is; a built tool is cached
# outside the clone, in $PLATFORM_TOOLS_DIR (default: ${XDG_CACHE_HOME:-$HOME/.cache}/hari328-platform/tools),
# and reused, so a second run costs seconds. `terraform` itself is not built (its module cannot
# be built from the proxy); OpenTofu (`tofu`) is the drop-in that always exists.
#
# It also builds the two programs the live telemetry test (internal/livetest) runs: Prometheus
# and an OpenTelemetry Collector with exactly the components the monitoring configs use, each
# from its own Go module under tools/ (so their dependencies stay out of the main module).
set -euo pipefail

# Pinned versions. Bump one here and nowhere else.
TOFU_VERSION=1.12.6
TFLINT_VERSION=0.61.0
TRIVY_VERSION=0.74.0
# The live test's programs: the versions terraform/monitoring/main.tf pins (its images), built
# from tools/prometheus (github.com/prometheus/prometheus v0.316.0 is Prometheus 3.16.0) and
# tools/otelcol (collector-contrib components v0.165.0). internal/livetest checks the versions.
PROMETHEUS_VERSION=3.16.0
OTELCOL_VERSION=0.165.0

repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

tools_dir=${PLATFORM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hari328-platform/tools}
bin_dir="$tools_dir/bin"

if [[ ${1:-} == --bin-dir ]]; then
  echo "$bin_dir"
  exit 0
fi

command -v go >/dev/null || {
  echo "install-tools: go is not on PATH: install Go 1.26 (https://go.dev/doc/install) and run again" >&2
  exit 1
}
mkdir -p "$bin_dir"

log() { echo "install-tools: $*" >&2; }

# version_of TOOL PATH prints the tool's version number, or nothing.
version_of() {
  case $1 in
    tofu) "$2" version 2>/dev/null | sed -n 's/^OpenTofu v\([0-9.]*\).*/\1/p' | head -n1 ;;
    tflint) "$2" --version 2>/dev/null | sed -n 's/^TFLint version \([0-9.]*\).*/\1/p' | head -n1 ;;
    trivy) "$2" --version 2>/dev/null | sed -n 's/^Version: \([0-9.]*\).*/\1/p' | head -n1 ;;
    prometheus) "$2" --version 2>/dev/null | sed -n 's/^prometheus, version \([0-9.]*\).*/\1/p' | head -n1 ;;
    otelcol-contrib) "$2" --version 2>/dev/null | sed -n 's/^otelcol-contrib version \([0-9.]*\).*/\1/p' | head -n1 ;;
  esac
}

build_tofu() { # OUT
  # `go install …@version` refuses modules with replace directives, and OpenTofu's go.mod has
  # one: build inside the downloaded module instead. version.dev=no stamps it a release.
  local src
  src=$(go mod download -json "github.com/opentofu/opentofu@v$TOFU_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -n $src ]] || { log "could not download github.com/opentofu/opentofu@v$TOFU_VERSION"; return 1; }
  (cd "$src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
    -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "$1" ./cmd/tofu)
}

build_tflint() { # OUT
  local gobin
  gobin=$(dirname "$1")
  CGO_ENABLED=0 GOBIN="$gobin" go install -trimpath "github.com/terraform-linters/tflint@v$TFLINT_VERSION"
}

build_trivy() { # OUT
  local gobin
  gobin=$(dirname "$1")
  # trivy needs the encoding/json/v2 experiment to build with Go 1.25+; its release builds
  # stamp the version with -X, without which it says "dev".
  GOEXPERIMENT=jsonv2 CGO_ENABLED=0 GOBIN="$gobin" go install -trimpath \
    -ldflags "-X github.com/aquasecurity/trivy/pkg/version/app.ver=$TRIVY_VERSION" \
    "github.com/aquasecurity/trivy/cmd/trivy@v$TRIVY_VERSION"
}

build_prometheus() { # OUT
  # Prometheus's web UI assets are only embedded with the builtinassets tag (its .promu.yml
  # builds them with npm first); without it the API, all the live test uses, works as usual.
  # remove_all_sd leaves out every service discovery but file and http (plugins/minimum.go):
  # the platform's Prometheus config uses file_sd and static targets only, and the cloud SDKs
  # of the others are most of the build time.
  (cd "$repo_dir/tools/prometheus" && CGO_ENABLED=0 go build -trimpath -tags remove_all_sd \
    -ldflags "-X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION" \
    -o "$1" github.com/prometheus/prometheus/cmd/prometheus)
}

build_otelcol() { # OUT
  (cd "$repo_dir/tools/otelcol" && CGO_ENABLED=0 go build -trimpath -o "$1" .)
}

# source_key DIR: a short hash of a tools/ module's sources, so that a changed component list
# builds a new binary instead of reusing one of the same version.
source_key() {
  cat "$1"/go.mod "$1"/go.sum "$1"/*.go | sha256sum | cut -c1-12
}

# ensure TOOL VERSION [KEY]: link a binary of exactly VERSION (and source KEY) into $bin_dir.
ensure() {
  local tool=$1 want=$2 key=${3:-} start path found
  start=$(date +%s)
  cached="$tools_dir/$tool-$want${key:+-$key}/$tool"
  # 1. On PATH (but not our own link) at the pinned version: use it as it is. Not for a tool
  # built from this repository's sources (KEY): only that build has exactly their components.
  if [[ -z $key ]] && path=$(PATH=${PATH//$bin_dir:/} command -v "$tool" 2>/dev/null) && [[ $(version_of "$tool" "$path") == "$want" ]]; then
    found=$path
  # 2. Built before: reuse.
  elif [[ -x $cached && $(version_of "$tool" "$cached") == "$want" ]]; then
    found=$cached
  # 3. Build from the Go module proxy.
  else
    log "building $tool $want (first run only, minutes: its time is printed when done)"
    mkdir -p "$(dirname "$cached")"
    "build_${tool%-contrib}" "$cached"
    [[ $(version_of "$tool" "$cached") == "$want" ]] || {
      log "$tool built but does not report version $want: delete $tools_dir/$tool-$want and run again"
      return 1
    }
    found=$cached
  fi
  ln -sfn "$found" "$bin_dir/$tool"
  log "$tool $want: $found ($(($(date +%s) - start))s)"
}

ensure tofu "$TOFU_VERSION"
ensure tflint "$TFLINT_VERSION"
ensure trivy "$TRIVY_VERSION"
ensure prometheus "$PROMETHEUS_VERSION" "$(source_key "$repo_dir/tools/prometheus")"
ensure otelcol-contrib "$OTELCOL_VERSION" "$(source_key "$repo_dir/tools/otelcol")"

echo "$bin_dir"
