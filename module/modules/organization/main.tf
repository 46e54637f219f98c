data "aws_partition" "current" {}

# One backup policy per environment, attached to its roots, OUs or accounts.
resource "aws_organizations_policy" "this" {
  for_each    = var.environments
  name        = "${var.project_name}-backup-${each.key}"
  description = "AWS Backup plan ${each.value.backup_plan_name} for ${var.project_name} ${each.key} accounts (daily, weekly, monthly rules)"
  type        = "BACKUP_POLICY"
  content     = jsonencode(local.policies[each.key])
  tags        = merge({ Project = var.project_name, ManagedBy = "terraform" }, var.tags, { Environment = each.key })

  lifecycle {
    precondition {
      condition     = length(jsonencode(local.policies[each.key])) <= 10000
      error_message = "Invalid environments[\"${each.key}\"]: the backup policy has ${length(jsonencode(local.policies[each.key]))} characters; AWS Organizations accepts at most 10000 (fewer additional rules, recovery point tags or regions)."
    }
    precondition {
      condition     = !local.settings[each.key].cross_region || !contains(each.value.regions, coalesce(each.value.replica_region, "none"))
      error_message = "Invalid environments[\"${each.key}\"].replica_region: must not be one of the policy's regions, or copies from that region would not leave it."
    }
    precondition {
      condition     = each.value.move_to_cold_storage_after_days == null || local.settings[each.key].daily_delete - coalesce(each.value.move_to_cold_storage_after_days, 0) >= local.min_days_in_cold_storage
      error_message = "Invalid environments[\"${each.key}\"].move_to_cold_storage_after_days: AWS keeps recovery points at least 90 days in cold storage, so delete_after_days must be at least move_to_cold_storage_after_days + 90."
    }
    precondition {
      condition     = length("${var.project_name}-backup-role-${each.key}") <= 64
      error_message = "Invalid project_name: the backup role name ${var.project_name}-backup-role-${each.key} is longer than IAM's 64 characters."
    }
  }
}

resource "aws_organizations_policy_attachment" "this" {
  for_each  = { for pair in flatten([for env, e in var.environments : [for t in e.target_ids : { key = "${env}/${t}", env = env, target = t }]]) : pair.key => pair }
  policy_id = aws_organizations_policy.this[each.value.env].id
  target_id = each.value.target
}

# Cross-account administration: AWS Backup's global settings, and the delegated administrator.
resource "aws_backup_global_settings" "this" {
  global_settings = {
    isCrossAccountBackupEnabled     = tostring(var.enable_cross_account_backup)
    isDelegatedAdministratorEnabled = tostring(var.delegated_administrator_account_id != null)
  }
}

resource "aws_organizations_delegated_administrator" "backup" {
  count             = var.delegated_administrator_account_id == null ? 0 : 1
  account_id        = var.delegated_administrator_account_id
  service_principal = "backup.amazonaws.com"
  depends_on        = [aws_backup_global_settings.this]
}
