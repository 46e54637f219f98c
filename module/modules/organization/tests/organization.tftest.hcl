# The organization submodule, planned with a mocked AWS provider: `terraform test` in
# module/modules/organization (Terraform >= 1.7). No AWS credentials are used.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }
}

variables {
  project_name = "arrakis"
  environments = {
    staging = {
      target_ids        = ["ou-arks-stagingaccounts"]
      regions           = ["us-west-2"]
      backup_vault_name = "arrakis-backup-vault-staging"
      backup_plan_name  = "arrakis-backup-plan-staging"
    }
    production = {
      target_ids        = ["ou-arks-production", "210987654321"]
      regions           = ["us-west-2", "eu-west-1"]
      backup_vault_name = "arrakis-backup-vault-production"
      backup_plan_name  = "arrakis-backup-plan-production"
    }
  }
  delegated_administrator_account_id  = "111122223333"
  member_role_trusted_role_arns       = ["arn:aws:iam::111122223333:role/arrakis-backup-org-worker"]
  member_role_organizational_unit_ids = ["ou-arks-stagingaccounts", "ou-arks-production"]
}

run "policies" {
  command = plan

  assert {
    condition     = jsondecode(aws_organizations_policy.this["production"].content).plans["arrakis-backup-plan-production"].rules.daily.schedule_expression["@@assign"] == "cron(0 1 * * ? *)"
    error_message = "production backs up daily at 1 AM"
  }
  assert {
    condition     = length(jsondecode(aws_organizations_policy.this["production"].content).plans["arrakis-backup-plan-production"].rules.monthly.copy_actions) == 1
    error_message = "production copies monthly backups to the replica region"
  }
  assert {
    condition     = !contains(keys(jsondecode(aws_organizations_policy.this["staging"].content).plans["arrakis-backup-plan-staging"].rules.monthly), "copy_actions")
    error_message = "staging keeps monthly backups in the region"
  }
  assert {
    condition     = aws_organizations_policy.this["production"].type == "BACKUP_POLICY" && length(aws_organizations_policy_attachment.this) == 3
    error_message = "one backup policy per environment, attached to each target"
  }
  assert {
    condition     = aws_organizations_delegated_administrator.backup[0].service_principal == "backup.amazonaws.com"
    error_message = "AWS Backup is delegated to the administrator account"
  }
  assert {
    condition     = jsondecode(aws_cloudformation_stack_set.member_role.template_body).Resources.ValidatorMemberRole.Properties.RoleName == "arrakis-backup-validator-member"
    error_message = "the StackSet deploys the member role"
  }
}

run "rejects_bad_regions" {
  command = plan
  variables {
    environments = {
      production = {
        target_ids        = ["ou-arks-production"]
        regions           = ["us-west-2", "US-East"]
        backup_vault_name = "arrakis-backup-vault-production"
        backup_plan_name  = "arrakis-backup-plan-production"
      }
    }
  }
  expect_failures = [var.environments]
}

run "rejects_a_target_shared_by_two_environments" {
  command = plan
  variables {
    environments = {
      staging = {
        target_ids        = ["ou-arks-production"]
        regions           = ["us-west-2"]
        backup_vault_name = "arrakis-backup-vault-staging"
        backup_plan_name  = "arrakis-backup-plan-staging"
      }
      production = {
        target_ids        = ["ou-arks-production"]
        regions           = ["us-west-2"]
        backup_vault_name = "arrakis-backup-vault-production"
        backup_plan_name  = "arrakis-backup-plan-production"
      }
    }
  }
  expect_failures = [var.environments]
}

run "rejects_a_policy_over_10000_characters" {
  command = plan
  variables {
    environments = {
      production = {
        target_ids        = ["ou-arks-production"]
        regions           = ["us-west-2"]
        backup_vault_name = "arrakis-backup-vault-production"
        backup_plan_name  = "arrakis-backup-plan-production"
        additional_backup_rules = [for i in range(40) : {
          name = "extra-rule-${i}", schedule = "cron(0 5 * * ? *)", delete_after_days = 30, copy_to_replica = true
        }]
      }
    }
  }
  expect_failures = [aws_organizations_policy.this]
}

run "rejects_cold_storage_under_90_days" {
  command = plan
  variables {
    environments = {
      production = {
        target_ids                      = ["ou-arks-production"]
        regions                         = ["us-west-2"]
        backup_vault_name               = "arrakis-backup-vault-production"
        backup_plan_name                = "arrakis-backup-plan-production"
        move_to_cold_storage_after_days = 30
      }
    }
  }
  expect_failures = [aws_organizations_policy.this]
}
