# Environment defaults of the module, checked by Terraform itself with a mocked AWS provider:
# `terraform test` in module/ (Terraform >= 1.7). No AWS credentials are used. Runs are plans:
# vaults and keys carry prevent_destroy, so applied runs could not be torn down.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
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
      arn        = "arn:aws:sts::123456789012:assumed-role/terraform/session"
    }
  }
  mock_data "aws_iam_session_context" {
    defaults = {
      issuer_arn = "arn:aws:iam::123456789012:role/terraform"
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
    condition     = one([for r in aws_backup_plan.this.rule : r if r.rule_name == "daily"]).schedule == "cron(0 3 * * ? *)"
    error_message = "development backs up daily at 3 AM"
  }
  assert {
    condition     = one([for r in aws_backup_plan.this.rule : r if r.rule_name == "daily"]).lifecycle[0].delete_after == 7
    error_message = "development keeps daily backups 7 days"
  }
  assert {
    condition     = length(aws_backup_vault.replica) == 0
    error_message = "development has no cross-region copies"
  }
  assert {
    condition     = length(aws_backup_vault_lock_configuration.this) == 0
    error_message = "development vaults are not locked"
  }
}

run "staging" {
  command = plan

  variables {
    environment = "staging"
  }

  assert {
    condition     = one([for r in aws_backup_plan.this.rule : r if r.rule_name == "daily"]).schedule == "cron(0 2 * * ? *)"
    error_message = "staging backs up daily at 2 AM"
  }
  assert {
    condition     = one([for r in aws_backup_plan.this.rule : r if r.rule_name == "daily"]).lifecycle[0].delete_after == 30
    error_message = "staging keeps daily backups 30 days"
  }
  assert {
    condition     = one([for r in aws_backup_plan.this.rule : r if r.rule_name == "daily"]).lifecycle[0].cold_storage_after == null
    error_message = "staging's 7-day cold storage is dropped: 30 days leave less than the 90 AWS requires in cold storage"
  }
  assert {
    condition     = length(aws_backup_vault.replica) == 1 && aws_backup_vault.replica[0].region == "us-east-1"
    error_message = "staging copies to us-east-1"
  }
  assert {
    condition     = length(one([for r in aws_backup_plan.this.rule : r if r.rule_name == "monthly"]).copy_action) == 0
    error_message = "monthly copies are production only"
  }
  assert {
    condition     = length(aws_backup_vault_lock_configuration.this) == 0
    error_message = "staging vaults are not locked"
  }
}

run "production" {
  command = plan

  variables {
    environment = "production"
  }

  assert {
    condition     = one([for r in aws_backup_plan.this.rule : r if r.rule_name == "daily"]).schedule == "cron(0 1 * * ? *)"
    error_message = "production backs up daily at 1 AM"
  }
  assert {
    condition     = one([for r in aws_backup_plan.this.rule : r if r.rule_name == "daily"]).lifecycle[0].delete_after == 90
    error_message = "production keeps daily backups 90 days"
  }
  assert {
    condition     = length(one([for r in aws_backup_plan.this.rule : r if r.rule_name == "monthly"]).copy_action) == 1
    error_message = "production copies monthly backups to the replica region"
  }
  assert {
    condition     = length(aws_backup_vault_lock_configuration.this) == 1 && aws_backup_vault_lock_configuration.this[0].changeable_for_days == null
    error_message = "production vaults are locked in GOVERNANCE mode"
  }
  assert {
    condition     = length(aws_backup_vault_policy.this) == 1
    error_message = "production blocks manual recovery point deletion"
  }
  assert {
    condition     = jsondecode(aws_backup_vault_policy.this[0].policy).Statement[0].Condition.ArnNotLike["aws:PrincipalArn"] == ["arn:aws:iam::123456789012:role/terraform"]
    error_message = "the vault policy exempts the role running Terraform, so Terraform can still update it"
  }
  assert {
    condition     = contains(jsondecode(aws_backup_vault_policy.this[0].policy).Statement[0].Action, "backup:PutBackupVaultAccessPolicy")
    error_message = "the vault policy also denies replacing itself"
  }
  assert {
    condition     = aws_cloudwatch_log_group.validator[0].retention_in_days == 365
    error_message = "production keeps the validator's logs a year"
  }
  assert {
    condition     = contains(aws_backup_vault_notifications.this[0].backup_vault_events, "COPY_JOB_FAILED")
    error_message = "copy job failures are a delivered vault event"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.validator_not_run[0].evaluation_periods == 25
    error_message = "the not-run alarm looks at 25 hourly points against a daily schedule"
  }
}

run "monitoring_off_removes_validator_alarms" {
  command = plan

  variables {
    environment              = "production"
    enable_backup_monitoring = false
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.validator_errors) == 0 && length(aws_cloudwatch_metric_alarm.validator_not_run) == 0
    error_message = "enable_backup_monitoring = false removes the validator's alarms too"
  }
  assert {
    condition     = length(aws_lambda_function.validator) == 1
    error_message = "the validator itself stays"
  }
}

run "explicit_admins" {
  command = plan

  variables {
    environment                  = "production"
    vault_policy_admin_role_arns = ["arn:aws:iam::123456789012:role/backup-admin"]
  }

  assert {
    condition     = jsondecode(aws_backup_vault_policy.this[0].policy).Statement[0].Condition.ArnNotLike["aws:PrincipalArn"] == ["arn:aws:iam::123456789012:role/backup-admin"]
    error_message = "the given admins replace the default"
  }
}

run "rds_arn_of_another_account" {
  command = plan

  variables {
    environment = "production"
    rds_instances = [
      {
        identifier = "orders"
        arn        = "arn:aws:rds:us-west-2:210987654321:db:orders"
      }
    ]
  }

  expect_failures = [aws_backup_plan.this]
}

run "rds_arn_of_another_region" {
  command = plan

  variables {
    environment = "production"
    rds_instances = [
      {
        identifier = "orders"
        arn        = "arn:aws:rds:eu-west-1:123456789012:db:orders"
      }
    ]
  }

  expect_failures = [aws_backup_plan.this]
}

run "replica_vault_name_too_long" {
  command = plan

  variables {
    environment       = "staging"
    backup_vault_name = "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"
  }

  # On the replica vault itself, so that our message comes before the provider's.
  expect_failures = [aws_backup_vault.replica]
}

run "replica_region_is_the_primary" {
  command = plan

  variables {
    environment    = "staging"
    replica_region = "us-west-2"
  }

  expect_failures = [aws_backup_vault.replica]
}

run "empty_admin_list" {
  command = plan

  variables {
    environment                  = "production"
    vault_policy_admin_role_arns = []
  }

  expect_failures = [var.vault_policy_admin_role_arns]
}

run "negative_reserved_concurrency" {
  command = plan

  variables {
    environment                    = "production"
    validator_reserved_concurrency = -1
  }

  expect_failures = [var.validator_reserved_concurrency]
}

run "unsupported_log_retention" {
  command = plan

  variables {
    environment                  = "production"
    validator_log_retention_days = 100
  }

  expect_failures = [var.validator_log_retention_days]
}

run "explicit_cold_storage_too_short" {
  command = plan

  variables {
    environment                     = "staging"
    move_to_cold_storage_after_days = 7
  }

  expect_failures = [aws_backup_plan.this]
}

run "invalid_environment" {
  command = plan

  variables {
    environment = "prod"
  }

  expect_failures = [var.environment]
}

run "tamper_alerts_in_production_only" {
  command = plan

  variables {
    environment = "production"
  }

  assert {
    condition     = keys(aws_cloudwatch_event_rule.tamper) == ["jobs", "keys", "plan", "vault"] && keys(aws_cloudwatch_event_target.tamper) == ["jobs", "keys", "plan", "vault"]
    error_message = "production raises tamper alerts by default"
  }
  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.tamper["vault"].event_pattern)["detail-type"] == ["AWS API Call via CloudTrail"]
    error_message = "tamper rules match CloudTrail API calls"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.backup_duration[0].threshold == 1440 * 60 * 0.8 && aws_cloudwatch_metric_alarm.backup_jobs_in_flight[0].threshold == 50
    error_message = "the duration alarm fires at 80% of the daily completion window, the capacity alarm at 50 jobs"
  }
}

run "no_tamper_alerts_in_development" {
  command = plan

  variables {
    environment = "development"
  }

  assert {
    condition     = length(aws_cloudwatch_event_rule.tamper) == 0 && length(aws_cloudwatch_event_target.tamper) == 0
    error_message = "development raises no tamper alerts unless enable_tamper_alerts is set"
  }
  assert {
    condition     = length(aws_vpc_endpoint.validator) == 0 && length(aws_lambda_function.validator[0].vpc_config) == 0
    error_message = "the validator runs outside any VPC by default, without endpoints"
  }
}

run "replica_forwarding_with_copies" {
  command = plan

  variables {
    environment = "production"
  }

  assert {
    condition     = keys(aws_cloudwatch_event_rule.replica_forwarding) == ["alarms", "jobs"] && keys(aws_cloudwatch_event_target.replica_forwarding) == ["alarms", "jobs"]
    error_message = "with copies, notifications and monitoring, the replica region forwards job events and the replica alarms"
  }
  assert {
    condition     = aws_cloudwatch_event_rule.replica_forwarding["jobs"].name == "arrakis-forward-jobs-production"
    error_message = "the forwarding rules keep their names"
  }
  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.replica_forwarding["alarms"].event_pattern).resources == [
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:arrakis-replica-copy-jobs-failed-production",
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:arrakis-replica-restore-jobs-failed-production",
    ]
    error_message = "the alarms rule forwards the replica vault's alarms, named in the replica region"
  }
  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.replica_failed_jobs) == ["copy_jobs_failed", "restore_jobs_failed"]
    error_message = "the replica vault has its failed copy and restore alarms"
  }
  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.recovery_points) == ["expired", "partial"] && aws_cloudwatch_metric_alarm.recovery_points["partial"].alarm_name == "arrakis-recovery-points-partial-production"
    error_message = "the recovery point alarms are one resource with an instance per state, under their previous names"
  }
}

run "replica_forwarding_without_monitoring" {
  command = plan

  variables {
    environment              = "staging"
    enable_backup_monitoring = false
  }

  assert {
    condition     = keys(aws_cloudwatch_event_rule.replica_forwarding) == ["jobs"] && length(aws_cloudwatch_metric_alarm.replica_failed_jobs) == 0
    error_message = "without monitoring there are no replica alarms to forward; job events still are"
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.recovery_points) == 0
    error_message = "without monitoring there are no recovery point alarms"
  }
}

run "replica_region_null_with_copies_on" {
  command = plan

  variables {
    environment                = "production"
    enable_cross_region_backup = true
    replica_region             = null
  }

  assert {
    condition     = length(aws_backup_vault.replica) == 0 && length(aws_cloudwatch_metric_alarm.replica_failed_jobs) == 0
    error_message = "without a replica region there are no copies, whatever enable_cross_region_backup says"
  }
  assert {
    condition     = length(aws_cloudwatch_event_rule.replica_forwarding) == 0 && length(aws_cloudwatch_event_target.replica_forwarding) == 0
    error_message = "without a replica region nothing is forwarded, and the plan does not fail on the null region"
  }
  assert {
    condition     = aws_lambda_function.validator[0].environment[0].variables.REPLICA_REGION == ""
    error_message = "the validator checks no replica region"
  }
}

run "replica_region_null_without_copies" {
  command = plan

  variables {
    environment    = "development"
    replica_region = null
  }

  assert {
    condition     = length(aws_cloudwatch_event_rule.replica_forwarding) == 0 && length(aws_iam_role.event_forwarding) == 0
    error_message = "development copies nothing, so nothing is forwarded"
  }
  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.recovery_points) == ["expired", "partial"]
    error_message = "the recovery point alarms do not depend on the replica region"
  }
}

run "validator_in_private_subnets_with_endpoints" {
  command = plan

  variables {
    environment                  = "staging"
    validator_subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
    validator_security_group_ids = ["sg-0123456789abcdef0"]
    create_vpc_endpoints         = true
  }

  assert {
    condition     = aws_lambda_function.validator[0].vpc_config[0].subnet_ids == toset(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"])
    error_message = "the validator runs in the given subnets"
  }
  assert {
    condition     = keys(aws_vpc_endpoint.validator) == ["backup", "sns", "tagging"]
    error_message = "endpoints for backup, tagging and sns"
  }
  assert {
    condition     = one(aws_security_group.validator_endpoints[0].ingress).from_port == 443 && one(aws_security_group.validator_endpoints[0].ingress).security_groups == toset(["sg-0123456789abcdef0"])
    error_message = "the endpoints admit HTTPS from the validator's security groups only"
  }
  assert {
    condition     = contains([for s in local.validator_policy_statements : s.statement.Sid if s.enabled], "ManageNetworkInterfaces")
    error_message = "the validator's role may manage its network interfaces"
  }
  assert {
    condition     = length(aws_vpc_endpoint.s3) == 0
    error_message = "no S3 gateway endpoint without the reports bucket and route tables"
  }
}

run "s3_gateway_endpoint_for_the_report" {
  command = plan

  variables {
    environment                  = "production"
    validator_subnet_ids         = ["subnet-0123456789abcdef0"]
    validator_security_group_ids = ["sg-0123456789abcdef0"]
    create_vpc_endpoints         = true
    validator_route_table_ids    = ["rtb-0123456789abcdef0", "rtb-0fedcba9876543210"]
  }

  assert {
    condition     = length(aws_vpc_endpoint.s3) == 1 && aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3[0].service_name == "com.amazonaws.us-west-2.s3"
    error_message = "production (reports bucket on) gets an S3 gateway endpoint"
  }
  assert {
    condition     = aws_vpc_endpoint.s3[0].route_table_ids == toset(["rtb-0123456789abcdef0", "rtb-0fedcba9876543210"])
    error_message = "the S3 gateway endpoint is placed on the given route tables"
  }
  assert {
    condition     = jsondecode(aws_vpc_endpoint.s3[0].policy).Statement[0].Action == ["s3:PutObject"] && jsondecode(aws_vpc_endpoint.s3[0].policy).Statement[0].Resource == ["arn:aws:s3:::arrakis-backup-reports-production-123456789012/backup-validation/*"]
    error_message = "the S3 endpoint admits only the validator's report objects"
  }
  assert {
    condition     = length(jsondecode(aws_vpc_endpoint.s3[0].policy).Statement) == 1
    error_message = "the S3 endpoint policy has no other statement"
  }
}

run "endpoints_without_subnets" {
  command = plan

  variables {
    environment          = "staging"
    create_vpc_endpoints = true
  }

  expect_failures = [aws_backup_plan.this]
}

run "route_tables_without_endpoints" {
  command = plan

  variables {
    environment               = "production"
    validator_route_table_ids = ["rtb-0123456789abcdef0"]
  }

  expect_failures = [aws_backup_plan.this]
}

run "malformed_route_table_id" {
  command = plan

  variables {
    environment                  = "production"
    validator_subnet_ids         = ["subnet-0123456789abcdef0"]
    validator_security_group_ids = ["sg-0123456789abcdef0"]
    create_vpc_endpoints         = true
    validator_route_table_ids    = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.validator_route_table_ids]
}

run "subnets_without_security_groups" {
  command = plan

  variables {
    environment          = "staging"
    validator_subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [aws_backup_plan.this]
}

run "malformed_subnet_id" {
  command = plan

  variables {
    environment                  = "staging"
    validator_subnet_ids         = ["subnet-XYZ"]
    validator_security_group_ids = ["sg-0123456789abcdef0"]
  }

  expect_failures = [var.validator_subnet_ids]
}
