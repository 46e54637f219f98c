# Environment defaults of the module, checked by Terraform itself with a mocked AWS provider:
# `terraform test` in module/ (Terraform >= 1.7). No AWS credentials are used. Runs are plans:
# vaults and keys carry prevent_destroy, so applied runs could not be torn down.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }
  mock_data "aws_region" {
    defaults = {
      name   = "us-west-2"
      region = "us-west-2"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
}

variables {
  project_name       = "arrakis"
  backup_vault_name  = "arrakis-backup-vault-test"
  backup_plan_name   = "arrakis-backup-plan-test"
  notification_email = "ops@company.com"
}

run "development" {
  command = plan

  variables {
    environment = "development"
  }

  assert {
    condition     = one([for r in aws_backup_plan.plan_plan.rule : r if r.rule_name == "daily"]).schedule == "cron(0 3 * * ? *)"
    error_message = "development backs up daily at 3 AM"
  }
  assert {
    condition     = one([for r in aws_backup_plan.plan_plan.rule : r if r.rule_name == "daily"]).lifecycle[0].delete_after == 7
    error_message = "development keeps daily backups 7 days"
  }
  assert {
    condition     = length(aws_backup_vault.replica_vault_vault) == 0
    error_message = "development has no cross-region copies"
  }
  assert {
    condition     = length(aws_backup_vault_lock_configuration.vault_lock) == 0
    error_message = "development vaults are not locked"
  }
}

run "staging" {
  command = plan

  variables {
    environment = "staging"
  }

  assert {
    condition     = one([for r in aws_backup_plan.plan_plan.rule : r if r.rule_name == "daily"]).schedule == "cron(0 2 * * ? *)"
    error_message = "staging backs up daily at 2 AM"
  }
  assert {
    condition     = one([for r in aws_backup_plan.plan_plan.rule : r if r.rule_name == "daily"]).lifecycle[0].delete_after == 30
    error_message = "staging keeps daily backups 30 days"
  }
  assert {
    condition     = one([for r in aws_backup_plan.plan_plan.rule : r if r.rule_name == "daily"]).lifecycle[0].cold_storage_after == null
    error_message = "staging's 7-day cold storage is dropped: 30 days leave less than the 90 AWS requires in cold storage"
  }
  assert {
    condition     = length(aws_backup_vault.replica_vault_vault) == 1 && aws_backup_vault.replica_vault_vault[0].region == "us-east-1"
    error_message = "staging copies to us-east-1"
  }
  assert {
    condition     = length(one([for r in aws_backup_plan.plan_plan.rule : r if r.rule_name == "monthly"]).copy_action) == 0
    error_message = "monthly copies are production only"
  }
  assert {
    condition     = length(aws_backup_vault_lock_configuration.vault_lock) == 0
    error_message = "staging vaults are not locked"
  }
}

run "production" {
  command = plan

  variables {
    environment = "production"
  }

  assert {
    condition     = one([for r in aws_backup_plan.plan_plan.rule : r if r.rule_name == "daily"]).schedule == "cron(0 1 * * ? *)"
    error_message = "production backs up daily at 1 AM"
  }
  assert {
    condition     = one([for r in aws_backup_plan.plan_plan.rule : r if r.rule_name == "daily"]).lifecycle[0].delete_after == 90
    error_message = "production keeps daily backups 90 days"
  }
  assert {
    condition     = length(one([for r in aws_backup_plan.plan_plan.rule : r if r.rule_name == "monthly"]).copy_action) == 1
    error_message = "production copies monthly backups to the replica region"
  }
  assert {
    condition     = length(aws_backup_vault_lock_configuration.vault_lock) == 1 && aws_backup_vault_lock_configuration.vault_lock[0].changeable_for_days == null
    error_message = "production vaults are locked in GOVERNANCE mode"
  }
  assert {
    condition     = length(aws_backup_vault_policy.vault_access_policy) == 1
    error_message = "production blocks manual recovery point deletion"
  }
}

run "explicit_cold_storage_too_short" {
  command = plan

  variables {
    environment                     = "staging"
    move_to_cold_storage_after_days = 7
  }

  expect_failures = [aws_backup_plan.plan_plan]
}

run "invalid_environment" {
  command = plan

  variables {
    environment = "prod"
  }

  expect_failures = [var.environment]
}
