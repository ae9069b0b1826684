-- Browser sign-in (OAuth 2.0 authorization code with PKCE, OpenID Connect) for the ops console.
-- Spring Authorization Server keeps an authorization here from the moment it issues a code until the
-- code is exchanged, so any replica can answer the exchange (JdbcOAuth2AuthorizationService, whose
-- columns these are). Times are DATETIME(6) holding UTC, as elsewhere (the JDBC URLs fix the zone);
-- client-credentials tokens are never stored here (they are self-contained), and OperatorIssuer's
-- janitor deletes authorizations an hour after they expire.
CREATE TABLE oauth2_authorization (
    id                             VARCHAR(100)  NOT NULL PRIMARY KEY,
    registered_client_id           VARCHAR(100)  NOT NULL,
    principal_name                 VARCHAR(200)  NOT NULL,
    authorization_grant_type       VARCHAR(100)  NOT NULL,
    authorized_scopes              VARCHAR(1000) DEFAULT NULL,
    attributes                     TEXT          DEFAULT NULL,
    state                          VARCHAR(500)  DEFAULT NULL,
    authorization_code_value       TEXT          DEFAULT NULL,
    authorization_code_issued_at   DATETIME(6)   DEFAULT NULL,
    authorization_code_expires_at  DATETIME(6)   DEFAULT NULL,
    authorization_code_metadata    TEXT          DEFAULT NULL,
    access_token_value             TEXT          DEFAULT NULL,
    access_token_issued_at         DATETIME(6)   DEFAULT NULL,
    access_token_expires_at        DATETIME(6)   DEFAULT NULL,
    access_token_metadata          TEXT          DEFAULT NULL,
    access_token_type              VARCHAR(100)  DEFAULT NULL,
    access_token_scopes            VARCHAR(1000) DEFAULT NULL,
    oidc_id_token_value            TEXT          DEFAULT NULL,
    oidc_id_token_issued_at        DATETIME(6)   DEFAULT NULL,
    oidc_id_token_expires_at       DATETIME(6)   DEFAULT NULL,
    oidc_id_token_metadata         TEXT          DEFAULT NULL,
    refresh_token_value            TEXT          DEFAULT NULL,
    refresh_token_issued_at        DATETIME(6)   DEFAULT NULL,
    refresh_token_expires_at       DATETIME(6)   DEFAULT NULL,
    refresh_token_metadata         TEXT          DEFAULT NULL,
    user_code_value                TEXT          DEFAULT NULL,
    user_code_issued_at            DATETIME(6)   DEFAULT NULL,
    user_code_expires_at           DATETIME(6)   DEFAULT NULL,
    user_code_metadata             TEXT          DEFAULT NULL,
    device_code_value              TEXT          DEFAULT NULL,
    device_code_issued_at          DATETIME(6)   DEFAULT NULL,
    device_code_expires_at         DATETIME(6)   DEFAULT NULL,
    device_code_metadata           TEXT          DEFAULT NULL
);
CREATE INDEX ix_oauth2_authorization_expiry ON oauth2_authorization (authorization_code_expires_at);

