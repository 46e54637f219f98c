# The organization validator's read-only role in every member account of the given OUs, through a
# service-managed StackSet (accounts joining an OU get it, accounts leaving lose it). IAM is global:
# one region, the provider's. Its permissions are the read-only subset of the validator's contract
# (validator/src/contract.ts) and ListBackupPlans, kept equal to lib/organization/member-role.ts by a test.
locals {
  member_role_name = "arrakis-backup-validator-member"

  # arn:<partition>:backup:*:<account>:<kind>:* in the member's stack (Fn::Join: a ${...} would be Terraform's).
  member_backup_arn = { for kind in ["backup-plan", "backup-vault"] : kind => { "Fn::Join" = ["", ["arn:", { Ref = "AWS::Partition" }, ":backup:*:", { Ref = "AWS::AccountId" }, ":${kind}:*"]] } }

  member_role_statements = [
    { Sid = "ListBackupActivity", Effect = "Allow", Action = ["backup:ListBackupJobs", "backup:ListCopyJobs", "backup:ListRestoreJobs", "backup:ListProtectedResources"], Resource = "*" },
    { Sid = "ListRecoveryPoints", Effect = "Allow", Action = ["backup:ListRecoveryPointsByBackupVault"], Resource = local.member_backup_arn["backup-vault"] },
    { Sid = "ReadBackupPlan", Effect = "Allow", Action = ["backup:GetBackupPlan", "backup:ListBackupSelections", "backup:GetBackupSelection"], Resource = local.member_backup_arn["backup-plan"] },
    { Sid = "FindTaggedResources", Effect = "Allow", Action = ["tag:GetResources"], Resource = "*" },
    { Sid = "ReadRestoreTesting", Effect = "Allow", Action = ["backup:ListRestoreTestingPlans", "backup:ListRestoreTestingSelections", "backup:GetRestoreTestingSelection"], Resource = "*" },
    { Sid = "DescribeReplicaVault", Effect = "Allow", Action = ["backup:DescribeBackupVault"], Resource = local.member_backup_arn["backup-vault"] },
    # The organization worker finds the policy's plan by name (its id differs in every account).
    { Sid = "FindPolicyPlan", Effect = "Allow", Action = ["backup:ListBackupPlans"], Resource = "*" },
  ]

  member_role_template = {
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "Read-only role the arrakis-backup organization validator assumes to check this account's backups"
    Resources = {
      ValidatorMemberRole = {
        Type = "AWS::IAM::Role"
        Properties = {
          RoleName                 = local.member_role_name
          Description              = "Read-only: backup jobs, recovery points, vaults, plans and tagged resources, for the organization validator"
          MaxSessionDuration       = 3600
          AssumeRolePolicyDocument = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = var.member_role_trusted_role_arns }, Action = "sts:AssumeRole" }] }
          Policies                 = [{ PolicyName = "backup-validation-read-only", PolicyDocument = { Version = "2012-10-17", Statement = local.member_role_statements } }]
        }
      }
    }
  }
}

resource "aws_cloudformation_stack_set" "member_role" {
  name             = "arrakis-backup-validator-member-role"
  description      = "Read-only role for the arrakis-backup organization validator in every member account"
  permission_model = "SERVICE_MANAGED"
  call_as          = "SELF"
  capabilities     = ["CAPABILITY_NAMED_IAM"]
  template_body    = jsonencode(local.member_role_template)
  tags             = merge({ Project = var.project_name, ManagedBy = "terraform" }, var.tags)

  auto_deployment {
    enabled                          = true
    retain_stacks_on_account_removal = false
  }
  managed_execution {
    active = true
  }
  operation_preferences {
    failure_tolerance_percentage = 10
    max_concurrent_percentage    = 25
    region_concurrency_type      = "PARALLEL"
  }
  lifecycle {
    # AWS sets the administration role of a service-managed StackSet itself.
    ignore_changes = [administration_role_arn]
  }
}

resource "aws_cloudformation_stack_set_instance" "member_role" {
  stack_set_name = aws_cloudformation_stack_set.member_role.name
  call_as        = "SELF"
  retain_stack   = false
  deployment_targets {
    organizational_unit_ids = var.member_role_organizational_unit_ids
  }
}
