#!/usr/bin/env bash
# `npm run validate:terraform`: what only a machine with a terraform binary can check.
# - module/ and examples/: terraform fmt -check (works offline)
# - every synthesized stack, module/ and examples/*: terraform init -backend=false && terraform validate
# - module/: terraform test (a mocked AWS provider; no credentials)
# init downloads the AWS provider from the Terraform registry, or, with TF_PROVIDER_MIRROR set,
# installs it from that local filesystem mirror only (no network). A mirror holding only AWS
# provider 5 cannot serve the module (it needs >= 6.25): then the tests that validate a copy
# lowered to provider 5 run instead (see __tests__/provider-mirror.ts for what lowering removes).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v terraform >/dev/null 2>&1; then
  echo "validate:terraform: no terraform binary on this machine; nothing was validated."
  echo "Install Terraform >= 1.7 and run this again to validate the stacks, module/ and examples/."
  exit 0
fi
export CHECKPOINT_DISABLE=1

lowered=false
if [ -n "${TF_PROVIDER_MIRROR:-}" ]; then
  aws_dir="${TF_PROVIDER_MIRROR}/registry.terraform.io/hashicorp/aws"
  if [ ! -d "${aws_dir}" ] || [ -z "$(ls -A "${aws_dir}")" ]; then
    echo "validate:terraform: TF_PROVIDER_MIRROR=${TF_PROVIDER_MIRROR} holds no AWS provider (expected ${aws_dir}/<version>/<os_arch>/)."
    exit 1
  fi
  newest="$(ls "${aws_dir}" | sort -V | tail -n 1)"
  echo "validate:terraform: AWS provider ${newest} from the mirror ${TF_PROVIDER_MIRROR}"
  TF_CLI_CONFIG_FILE="$(mktemp)"
  printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n' "${TF_PROVIDER_MIRROR}" > "${TF_CLI_CONFIG_FILE}"
  export TF_CLI_CONFIG_FILE
  case "${newest}" in 5.*) lowered=true ;; esac
elif [ -z "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "${HOME}/.terraformrc" ]; then
  TF_CLI_CONFIG_FILE="$(mktemp)"
  export TF_CLI_CONFIG_FILE
fi

terraform version
echo "== terraform fmt -check: module/ examples/"
terraform fmt -check -recursive -diff module examples

if [ "${lowered}" = true ]; then
  echo "== provider ${newest} only: validating copies lowered to provider 5 (the per-resource region"
  echo "   arguments of provider 6 are removed and stay unverified), the module's terraform test and the release's examples"
  npx vitest run __tests__/terraform-provider.test.ts __tests__/release-module.test.ts
  exit 0
fi

npx cdktf synth >/dev/null

init_in() {
  if ! (cd "$1" && terraform init -backend=false -input=false >/dev/null); then
    echo "validate:terraform: terraform init failed in $1 (no access to the Terraform registry or a provider mirror?"
    echo "Set TF_PROVIDER_MIRROR to a local mirror). Formatting was checked; validate and test were not run."
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
