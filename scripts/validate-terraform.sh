#!/usr/bin/env bash
# `npm run validate:terraform`: what only a machine with a terraform binary can check.
# - every synthesized stack: terraform init -backend=false && terraform validate
# - module/: terraform fmt -check, init, validate, and `terraform test` (mocked AWS provider)
# - examples/*: terraform fmt -check, init, validate
# Needs the AWS provider from the registry for `init`; needs no AWS credentials.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v terraform >/dev/null 2>&1; then
  echo "validate:terraform: no terraform binary on this machine; nothing was validated."
  echo "Install Terraform >= 1.7 and run this again to validate the stacks, module/ and examples/."
  exit 0
fi

terraform version
npx cdktf synth >/dev/null

run_in() {
  local dir="$1"; shift
  echo "== ${dir}: $*"
  (cd "${dir}" && "$@")
}

for stack in cdktf.out/stacks/*/; do
  run_in "${stack}" terraform init -backend=false -input=false >/dev/null
  run_in "${stack}" terraform validate
done

run_in module terraform fmt -check -recursive
run_in module terraform init -backend=false -input=false >/dev/null
run_in module terraform validate
run_in module terraform test

for example in examples/*/; do
  run_in "${example}" terraform fmt -check
  run_in "${example}" terraform init -backend=false -input=false >/dev/null
  run_in "${example}" terraform validate
done
echo "validate:terraform: all stacks, the module and the examples are valid."
