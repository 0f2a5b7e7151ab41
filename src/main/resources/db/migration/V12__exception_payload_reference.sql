-- An exception item keeps a large payload by reference: the kept file (a quarantined statement, a payload spilled
-- under <work-dir>/exceptions) relative to the work directory, its SHA-256 and size. A replay reads the file and
-- refuses when it changed or disappeared. Small payloads stay inline (payload).
ALTER TABLE exception_item ADD COLUMN payload_ref TEXT;
ALTER TABLE exception_item ADD COLUMN payload_sha256 CHAR(64);
ALTER TABLE exception_item ADD COLUMN payload_size BIGINT;
