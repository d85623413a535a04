-- The change log is append-only: no code path updates or deletes it, and the database refuses to.
CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry"
BEGIN
  SELECT RAISE(ABORT, 'AuditEntry is append-only');
END;

CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry"
BEGIN
  SELECT RAISE(ABORT, 'AuditEntry is append-only');
END;

-- The chain starts from a head of all zeros.
INSERT INTO "AuditHead" ("id", "seq", "lastHash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
