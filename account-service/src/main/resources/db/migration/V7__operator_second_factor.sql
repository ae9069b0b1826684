-- A second factor per operator (TOTP, RFC 6238) for the browser sign-in: the shared secret encrypted
-- with the platform's field key (AES-GCM, as the KYC id numbers are, the username as associated data),
-- and the last time step a code was accepted at, so each code signs in once.
ALTER TABLE operator ADD COLUMN totp_secret VARCHAR(200) NULL;
ALTER TABLE operator ADD COLUMN totp_last_step BIGINT NULL;
