variable "project_name" {
  type        = string
  description = "Name of the project; prefixes the policies' names and the accounts' role and selection names"
  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,31}$", var.project_name))
    error_message = "Invalid project_name: must be 1 to 32 letters, digits or hyphens, starting with a letter or digit."
  }
}

variable "environments" {
  description = "Per environment (development, staging, production): the roots, OUs or accounts its backup policy is attached to, the regions it backs up, and the account module's settings (null: the environment's default)"
  type = map(object({
    target_ids                      = list(string)
    regions                         = list(string)
    backup_vault_name               = string
    backup_plan_name                = string
    backup_schedule                 = optional(string)
    weekly_backup_schedule          = optional(string, "cron(0 1 ? * SUN *)")
    monthly_backup_schedule         = optional(string, "cron(0 1 1 * ? *)")
    delete_after_days               = optional(number)
    move_to_cold_storage_after_days = optional(number)
    long_term_retention_days        = optional(number, 365)
    archival_retention_days         = optional(number, 2555)
    replica_region                  = optional(string, "us-east-1")
    enable_cross_region_backup      = optional(bool)
    backup_efs_enabled              = optional(bool, false)
    enable_intelligent_tiering      = optional(bool, false)
    backup_cost_allocation_tags     = optional(map(string), {})
    additional_backup_rules = optional(list(object({
      name                      = string
      schedule                  = string
      delete_after_days         = number
      cold_storage_after_days   = optional(number)
      copy_to_replica           = optional(bool, false)
      enable_continuous_backup  = optional(bool, false)
      start_window_minutes      = optional(number, 60)
      completion_window_minutes = optional(number, 10080)
    })), [])
  }))
  validation {
    condition     = alltrue([for env in keys(var.environments) : contains(["development", "staging", "production"], env)])
    error_message = "Invalid environments: keys must be development, staging or production."
  }
  validation {
    condition     = alltrue([for env, e in var.environments : length(e.regions) > 0 && alltrue([for r in e.regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", r))])])
    error_message = "Invalid environments[*].regions: must list at least one AWS region name such as us-west-2."
  }
  validation {
    condition     = alltrue([for env, e in var.environments : length(distinct(e.regions)) == length(e.regions)])
    error_message = "Invalid environments[*].regions: must not list a region twice (AWS Organizations rejects duplicate regions)."
  }
  validation {
    condition     = alltrue([for env, e in var.environments : length(e.target_ids) > 0 && alltrue([for t in e.target_ids : can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$", t))])])
    error_message = "Invalid environments[*].target_ids: each must be an organization root (r-xxxx), an organizational unit (ou-xxxx-xxxxxxxx) or a 12-digit account ID."
  }
  validation {
    condition     = length(distinct(flatten([for e in var.environments : e.target_ids]))) == length(flatten([for e in var.environments : e.target_ids]))
    error_message = "Invalid environments[*].target_ids: a target may receive one environment's policy only, or its accounts would run both plans."
  }
  validation {
    condition     = alltrue([for env, e in var.environments : can(regex("^[a-zA-Z0-9_-]{2,50}$", e.backup_vault_name)) && can(regex("^[a-zA-Z0-9_.-]{1,50}$", e.backup_plan_name))])
    error_message = "Invalid environments[*].backup_vault_name or backup_plan_name: AWS Backup names (vaults: 2 to 50 letters, digits, - or _; plans: 1 to 50 letters, digits, -, _ or .)."
  }
  validation {
    condition = alltrue(flatten([
      for env, e in var.environments : [
        for d in concat([coalesce(e.delete_after_days, 1), e.long_term_retention_days, e.archival_retention_days], [for r in e.additional_backup_rules : r.delete_after_days]) :
        d >= 1 && d <= 36500 && floor(d) == d
      ]
    ]))
    error_message = "Invalid environments[*] retention: every retention must be a whole number of days from 1 to 36500."
  }
}

variable "delegated_administrator_account_id" {
  type        = string
  default     = null
  description = "Member account that administers AWS Backup for the organization (null: the management account)"
  validation {
    condition     = var.delegated_administrator_account_id == null || can(regex("^[0-9]{12}$", var.delegated_administrator_account_id))
    error_message = "Invalid delegated_administrator_account_id: must be a 12-digit AWS account ID of a member account."
  }
}

variable "enable_cross_account_backup" {
  type        = bool
  default     = true
  nullable    = false
  description = "Let accounts of the organization copy backups to other accounts of it (AWS Backup global settings)"
}

variable "member_role_trusted_role_arns" {
  type        = list(string)
  description = "The organization validator's worker role in the administrator account: the only principal the member role trusts"
  validation {
    condition     = length(var.member_role_trusted_role_arns) > 0 && alltrue([for a in var.member_role_trusted_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_/-]{1,512}$", a))])
    error_message = "Invalid member_role_trusted_role_arns: must name at least one IAM role ARN without wildcards, such as arn:aws:iam::111111111111:role/arrakis-backup-org-worker."
  }
}

variable "member_role_organizational_unit_ids" {
  type        = list(string)
  description = "Organizational units (or the root) whose accounts get the validator's read-only member role, now and when they join"
  validation {
    condition     = length(var.member_role_organizational_unit_ids) > 0 && alltrue([for ou in var.member_role_organizational_unit_ids : can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", ou))])
    error_message = "Invalid member_role_organizational_unit_ids: each must be an organizational unit (ou-xxxx-xxxxxxxx) or the root (r-xxxx)."
  }
}

variable "tags" {
  type        = map(string)
  default     = {}
  nullable    = false
  description = "Tags for the policies and the StackSet"
}
