-- Hardening from an outside review (issue 16).
--
-- The answers kept for Idempotency-Key retries are sealed with the instance key from now on (a
-- referral's answer holds its status link). Those kept before rest in clear text: forget them (a
-- retry of one of them within its 7 days creates again, as a request without a key would).
-- Connections run with secure_delete, so the freed pages are overwritten, not just unlinked.
DELETE FROM idempotency_keys;
