# The spec's Multi-Environment Setup: one configuration, the environment chosen by a variable.

terraform {
  required_version = ">= 1.9.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.25.0, < 7.0.0"
    }
  }
}

provider "aws" {
  region = "us-west-2"
}

variable "environment" {
  description = "development, staging or production"
  type        = string
  default     = "staging"
}

variable "notification_email" {
  description = "Where backup notifications go"
  type        = string
  default     = "ops@company.com"
}

locals {
  common_tags = {
    Project   = "arrakis"
    ManagedBy = "terraform"
  }

  environments = {
    development = {
      backup_schedule     = "cron(0 3 * * ? *)"
      retention_days      = 7
      enable_cross_region = false
      notification_level  = "errors_only"
    }
    staging = {
      backup_schedule     = "cron(0 2 * * ? *)"
      retention_days      = 30
      enable_cross_region = true
      notification_level  = "warnings_and_errors"
    }
    production = {
      backup_schedule     = "cron(0 1 * * ? *)"
      retention_days      = 90
      enable_cross_region = true
      notification_level  = "all"
    }
  }
}

module "backup" {
  source = "../../module"

  project_name = "arrakis"
  environment  = var.environment

  backup_vault_name = "arrakis-backup-vault-${var.environment}"
  backup_plan_name  = "arrakis-backup-plan-${var.environment}"

  # Environment-specific configuration
  backup_schedule   = local.environments[var.environment].backup_schedule
  delete_after_days = local.environments[var.environment].retention_days

  # Cross-region based on environment
  replica_region = local.environments[var.environment].enable_cross_region ? "us-east-1" : null

  # Monitoring based on environment
  notification_email          = var.notification_email
  enable_backup_notifications = true
  notification_level          = local.environments[var.environment].notification_level

  tags = merge(local.common_tags, {
    Environment = var.environment
  })
}

output "backup_vault_name" {
  value = module.backup.backup_vault_name
}
