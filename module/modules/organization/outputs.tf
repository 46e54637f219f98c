output "backup_policy_ids" {
  description = "ID of each environment's backup policy"
  value       = { for env, p in aws_organizations_policy.this : env => p.id }
}

output "backup_policies" {
  description = "Each environment's backup policy document, as attached"
  value       = { for env, p in aws_organizations_policy.this : env => p.content }
}

output "member_role_name" {
  description = "Name of the read-only role the organization validator assumes in member accounts"
  value       = local.member_role_name
}

output "member_role_stack_set" {
  description = "StackSet deploying the member role"
  value       = aws_cloudformation_stack_set.member_role.name
}
