-- Who handed the file over (the uploading user; system:bank-statements for the inbox), kept with the import so an
-- upload read from its durable upload folder after a restart is still audited as that user's.
ALTER TABLE statement_import ADD COLUMN actor TEXT;
