#!/usr/bin/env bash
# `npm run validate:terraform`: what only a machine with a terraform binary can check.
# - module/ and examples/: terraform fmt -check (works offline)
# - every synthesized stack, module/ and examples/*: terraform init -backend=false && terraform validate
# - module/: terraform test (a mocked AWS provider; no credentials)
# init downloads the AWS provider from the Terraform registry (or a configured mirror/cache).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v terraform >/dev/null 2>&1; then
  echo "validate:terraform: no terraform binary on this machine; nothing was validated."
  echo "Install Terraform >= 1.7 and run this again to validate the stacks, module/ and examples/."
  exit 0
fi
export CHECKPOINT_DISABLE=1
if [ -z "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "${HOME}/.terraformrc" ]; then
  TF_CLI_CONFIG_FILE="$(mktemp)"
  export TF_CLI_CONFIG_FILE
fi

terraform version
echo "== terraform fmt -check: module/ examples/"
terraform fmt -check -recursive -diff module examples

npx cdktf synth >/dev/null

init_in() {
  if ! (cd "$1" && terraform init -backend=false -input=false >/dev/null); then
    echo "validate:terraform: terraform init failed in $1 (no access to the Terraform registry or a provider mirror?)."
    echo "Formatting was checked; validate and test were not run."
    exit 1
  fi
}

for dir in cdktf.out/stacks/*/ module examples/*/; do
  init_in "${dir}"
  echo "== terraform validate: ${dir}"
  (cd "${dir}" && terraform validate)
done
echo "== terraform test: module/"
(cd module && terraform test)
echo "validate:terraform: all stacks, the module and the examples are valid."
