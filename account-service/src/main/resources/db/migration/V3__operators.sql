-- Operators: the people who run the platform, each signing in as themselves. A script signs in with
-- the operator's own secret (OAuth 2.0 client credentials at the embedded issuer); only its hash, from
-- Spring Security's delegating encoder, is kept. Roles are a comma-separated list of role names.
CREATE TABLE operator (
    username     VARCHAR(64)  NOT NULL PRIMARY KEY,
    roles        VARCHAR(200) NOT NULL,
    secret_hash  VARCHAR(200) NOT NULL,
    enabled      BOOLEAN      NOT NULL,
    created_by   VARCHAR(64)  NOT NULL,
    created_at   DATETIME(6)  NOT NULL
);
