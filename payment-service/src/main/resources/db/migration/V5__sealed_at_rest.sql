-- What payment-service keeps secret is sealed at rest (AES-256-GCM under PAYMENT_ENCRYPTION_KEY):
-- the webhook endpoints' signing secrets (the endpoint id as associated data: webhook.WebhookSecrets)
-- and the answers stored for idempotent replays (scope and key as associated data:
-- idempotency.IdempotencyStore). A sealed value is longer than the plain one. The Java migrations V6
-- (webhook.V6__SealWebhookSecrets) and V7 (idempotency.V7__SealIdempotencyAnswers) seal what was
-- stored plain before this version.
ALTER TABLE webhook_endpoint MODIFY COLUMN secret VARCHAR(255) NOT NULL;
ALTER TABLE idempotency_record MODIFY COLUMN response_body MEDIUMTEXT NULL;
