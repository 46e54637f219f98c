# The spec's Quick Start: one production environment with one database.

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

module "backup" {
  source = "../../module"

  project_name = "arrakis"
  environment  = "production"

  backup_vault_name = "arrakis-backup-vault-production"
  backup_plan_name  = "arrakis-backup-plan-production"

  # RDS instances to backup
  rds_instances = [
    {
      identifier = "arrakis-oms-production"
      arn        = "arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production"
    }
  ]

  # Notifications
  notification_email = "ops@company.com"

  tags = {
    Environment = "production"
    Project     = "arrakis"
  }
}

output "backup_vault_arn" {
  value = module.backup.backup_vault_arn
}
