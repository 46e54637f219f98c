# The account module's environment defaults and rules (lib/environment-defaults.ts, lib/settings.ts),
# for the backup policies. Kept equal to lib/ by __tests__/organization-module-sources.test.ts (values) and organization-terraform.test.ts (rendering).
locals {
  environment_defaults = {
    development = { backup_schedule = "cron(0 3 * * ? *)", delete_after_days = 7, move_to_cold_storage_after_days = null, cross_region_backup = false }
    staging     = { backup_schedule = "cron(0 2 * * ? *)", delete_after_days = 30, move_to_cold_storage_after_days = 7, cross_region_backup = true }
    production  = { backup_schedule = "cron(0 1 * * ? *)", delete_after_days = 90, move_to_cold_storage_after_days = 30, cross_region_backup = true }
  }

  # AWS keeps a recovery point at least 90 days in cold storage.
  min_days_in_cold_storage = 90

  # Each environment's rules, resolved: defaults filled in, cold storage only where it leaves 90 days.
  settings = {
    for env, e in var.environments : env => {
      daily_delete = coalesce(e.delete_after_days, local.environment_defaults[env].delete_after_days)
      daily_cold = e.move_to_cold_storage_after_days != null ? e.move_to_cold_storage_after_days : (
        local.environment_defaults[env].move_to_cold_storage_after_days != null
        && coalesce(e.delete_after_days, local.environment_defaults[env].delete_after_days) - coalesce(local.environment_defaults[env].move_to_cold_storage_after_days, 0) >= local.min_days_in_cold_storage
      ) ? local.environment_defaults[env].move_to_cold_storage_after_days : null
      cross_region = coalesce(e.enable_cross_region_backup, local.environment_defaults[env].cross_region_backup) && e.replica_region != null
    }
  }

  rules = {
    for env, e in var.environments : env => concat(
      [
        {
          name   = "daily", schedule = coalesce(e.backup_schedule, local.environment_defaults[env].backup_schedule), start = 60, completion = 1440
          delete = local.settings[env].daily_delete, cold = local.settings[env].daily_cold, copy = local.settings[env].cross_region, continuous = false
        },
        {
          name = "weekly", schedule = e.weekly_backup_schedule, start = 60, completion = 10080, delete = e.long_term_retention_days
          cold = e.long_term_retention_days - 90 >= local.min_days_in_cold_storage ? 90 : null, copy = local.settings[env].cross_region, continuous = false
        },
        {
          name = "monthly", schedule = e.monthly_backup_schedule, start = 60, completion = 10080, delete = e.archival_retention_days
          cold = e.archival_retention_days - 30 >= local.min_days_in_cold_storage ? 30 : null
          # Monthly copies leave the region in production only.
          copy = local.settings[env].cross_region && env == "production", continuous = false
        },
      ],
      [
        for r in e.additional_backup_rules : {
          name = r.name, schedule = r.schedule, start = r.start_window_minutes, completion = r.completion_window_minutes, delete = r.delete_after_days
          cold = r.cold_storage_after_days, copy = local.settings[env].cross_region && r.copy_to_replica, continuous = r.enable_continuous_backup
        }
      ],
    )
  }

  # The backup policy documents, in the policy syntax (values as strings, as AWS's examples write them).
  # `$account` is the policy's variable for each account it applies to.
  policies = {
    for env, e in var.environments : env => {
      plans = {
        (e.backup_plan_name) = {
          regions = { "@@assign" = e.regions }
          rules = {
            for r in local.rules[env] : r.name => merge(
              {
                schedule_expression            = { "@@assign" = r.schedule }
                start_backup_window_minutes    = { "@@assign" = tostring(r.start) }
                complete_backup_window_minutes = { "@@assign" = tostring(r.completion) }
                lifecycle                      = local.lifecycles["${env}/${r.name}"]
                target_backup_vault_name       = { "@@assign" = e.backup_vault_name }
                recovery_point_tags = {
                  for k, v in merge(e.backup_cost_allocation_tags, { Project = var.project_name, Environment = env }, { BackupRule = r.name }) :
                  k => { tag_key = { "@@assign" = k }, tag_value = { "@@assign" = v } }
                }
              },
              r.continuous ? { enable_continuous_backup = { "@@assign" = "true" } } : {},
              r.copy ? {
                copy_actions = {
                  (local.replica_vault_arns[env]) = {
                    target_backup_vault_arn = { "@@assign" = local.replica_vault_arns[env] }
                    lifecycle               = local.lifecycles["${env}/${r.name}"]
                  }
                }
              } : {},
            )
          }
          selections = { resources = local.selections[env] }
        }
      }
    }
  }

  lifecycles = merge([
    for env, e in var.environments : {
      for r in local.rules[env] : "${env}/${r.name}" => merge(
        r.cold != null ? { move_to_cold_storage_after_days = { "@@assign" = tostring(r.cold) } } : {},
        { delete_after_days = { "@@assign" = tostring(r.delete) } },
        r.cold != null && e.enable_intelligent_tiering ? { opt_in_to_archive_for_supported_resources = { "@@assign" = "true" } } : {},
      )
    }
  ]...)

  replica_vault_arns = {
    for env, e in var.environments : env => "arn:${data.aws_partition.current.partition}:backup:${coalesce(e.replica_region, "none")}:$account:backup-vault:${e.backup_vault_name}-replica"
  }

  # The spec's selections by tag (ARNs differ in every account), with each account's own backup role.
  selections = {
    for env, e in var.environments : env => merge(
      {
        "${var.project_name}-ebs-${env}" = {
          iam_role_arn   = { "@@assign" = local.backup_role_arns[env] }
          resource_types = { "@@assign" = ["arn:${data.aws_partition.current.partition}:ec2:*:*:volume/*"] }
          conditions = {
            string_equals     = local.selection_conditions[env].ebs
            string_not_equals = local.selection_conditions[env].ebs_excluded
          }
        }
        "${var.project_name}-rds-${env}" = {
          iam_role_arn = { "@@assign" = local.backup_role_arns[env] }
          resource_types = {
            "@@assign" = ["arn:${data.aws_partition.current.partition}:rds:*:*:db:*", "arn:${data.aws_partition.current.partition}:rds:*:*:cluster:*"]
          }
          conditions = { string_equals = local.selection_conditions[env].project }
        }
      },
      e.backup_efs_enabled ? {
        "${var.project_name}-efs-${env}" = {
          iam_role_arn   = { "@@assign" = local.backup_role_arns[env] }
          resource_types = { "@@assign" = ["arn:${data.aws_partition.current.partition}:elasticfilesystem:*:*:file-system/*"] }
          conditions     = { string_equals = local.selection_conditions[env].project }
        }
      } : {},
    )
  }

  # Tag conditions (AND-ed): the spec's EBS rule, its exclusion, and databases or file systems of the project's environment.
  selection_conditions = {
    for env in keys(var.environments) : env => {
      for set, tags in {
        ebs          = { KubernetesCluster = "${var.project_name}-${env}", Environment = env }
        ebs_excluded = { VolumeType = "temporary" }
        project      = { Project = var.project_name, Environment = env }
        } : set => {
        for k, v in tags : k => { condition_key = { "@@assign" = "aws:ResourceTag/${k}" }, condition_value = { "@@assign" = v } }
      }
    }
  }

  backup_role_arns = { for env in keys(var.environments) : env => "arn:${data.aws_partition.current.partition}:iam::$account:role/${var.project_name}-backup-role-${env}" }
}
