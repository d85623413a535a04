// Values for the portal template's parameters without a Default, as an operator would pass
// them; shared by its unit and sandbox tests.
export const REQUIRED: Record<string, string> = {
  ImageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/stackport:1.0.0",
  DomainName: "stackport.example.com",
  CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f6b3c1e-1111-2222-3333-444455556666",
  OidcIssuer: "https://login.example.com/oauth2/default",
  OidcClientId: "stackport",
  OidcClientSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:stackport/oidc-AbCdEf",
  AuditSigningKeySecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:stackport/audit-signing-key-AbCdEf",
  OidcRoleMap: "platform-admins=ADMIN,platform-engineers=ENGINEER",
};
