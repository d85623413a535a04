// Shared by the test runner, the integration setup and the end-to-end OpenID provider.
export const TEST_ROLE_MAP =
  "stackport-engineers=ENGINEER,stackport-auditors=AUDITOR,stackport-sales=ACCOUNT_MANAGER,stackport-admins=ADMIN";
