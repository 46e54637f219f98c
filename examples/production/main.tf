# The spec's Production Environment example. The spec reads the database ARNs from a
# `module.databases`; here they come from a variable so the example stands alone.

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

variable "database_arns" {
  description = "ARNs of the OMS and user databases"
  type        = map(string)
  default = {
    oms_db  = "arn:aws:rds:us-west-2:123456789012:db:arrakis-oms-production"
    user_db = "arn:aws:rds:us-west-2:123456789012:db:arrakis-user-production"
  }
}

module "backup" {
  source = "../../module"

  project_name = "arrakis"
  environment  = "production"

  backup_vault_name = "arrakis-backup-vault-production"
  backup_plan_name  = "arrakis-backup-plan-production"

  # All RDS instances
  rds_instances = [
    {
      identifier = "arrakis-oms-production"
      arn        = var.database_arns["oms_db"]
    },
    {
      identifier = "arrakis-user-production"
      arn        = var.database_arns["user_db"]
    }
  ]

  # Enhanced security
  compliance_mode          = "COMPLIANCE"
  enable_backup_encryption = true

  # Monitoring
  enable_backup_notifications = true
  notification_email          = "ops@company.com"
  enable_backup_monitoring    = true
  enable_backup_validation    = true

  # Cost optimization
  enable_intelligent_tiering  = true
  enable_backup_deduplication = true
  backup_compression_enabled  = true

  # Disaster recovery
  replica_region   = "us-east-1"
  rpo_target_hours = 24
  rto_target_hours = 4

  tags = {
    Environment   = "production"
    Project       = "arrakis"
    BusinessUnit  = "platform"
    CostCenter    = "infrastructure"
    SecurityLevel = "high"
    ComplianceReq = "soc2,gdpr"
  }
}

output "backup_plan_arn" {
  value = module.backup.backup_plan_arn
}
