-- The default rule set (documented in risk-service/RULES.md). Fixed ids so environments agree;
-- ops change or disable them through /v1/risk/rules.

INSERT INTO risk_rules (id, name, rule_type, rule_action, params, enabled, created_at, updated_at) VALUES
    ('rule_00000000000000000000000001', 'Block-listed customer, IP, device or email', 'blocklist', 'decline', '{}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000002', 'Single payment above 50,000.00 CNY', 'amount_limit', 'decline', '{"currency":"CNY","maxAmount":5000000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000003', 'Single payment above 7,000.00 USD', 'amount_limit', 'decline', '{"currency":"USD","maxAmount":700000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000004', 'Single payment above 6,500.00 EUR', 'amount_limit', 'decline', '{"currency":"EUR","maxAmount":650000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000005', 'Single payment above 5,500.00 GBP', 'amount_limit', 'decline', '{"currency":"GBP","maxAmount":550000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000006', 'Single payment above 55,000.00 HKD', 'amount_limit', 'decline', '{"currency":"HKD","maxAmount":5500000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000007', 'Single payment above 1,000,000 JPY', 'amount_limit', 'decline', '{"currency":"JPY","maxAmount":1000000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000008', 'Single payment above 2,150.000 KWD', 'amount_limit', 'decline', '{"currency":"KWD","maxAmount":2150000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000009', 'Real-name verification from 5,000.00 CNY', 'kyc_required', 'decline', '{"currency":"CNY","minAmount":500000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000010', 'Real-name verification from 700.00 USD', 'kyc_required', 'decline', '{"currency":"USD","minAmount":70000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000011', 'Real-name verification from 650.00 EUR', 'kyc_required', 'decline', '{"currency":"EUR","minAmount":65000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000012', 'Real-name verification from 550.00 GBP', 'kyc_required', 'decline', '{"currency":"GBP","minAmount":55000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000013', 'Real-name verification from 5,500.00 HKD', 'kyc_required', 'decline', '{"currency":"HKD","minAmount":550000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000014', 'Real-name verification from 100,000 JPY', 'kyc_required', 'decline', '{"currency":"JPY","minAmount":100000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000015', 'Real-name verification from 215.000 KWD', 'kyc_required', 'decline', '{"currency":"KWD","minAmount":215000}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000016', 'More than 10 payments per customer per minute', 'velocity', 'review', '{"scope":"customer","windowSeconds":60,"maxCount":10}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000017', 'More than 20 payments per device per minute', 'velocity', 'review', '{"scope":"device","windowSeconds":60,"maxCount":20}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000018', 'More than 30 payments per IP address per minute', 'velocity', 'review', '{"scope":"ip","windowSeconds":60,"maxCount":30}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00'),
    ('rule_00000000000000000000000019', 'Amount more than 3 standard deviations above the customer''s mean', 'anomaly', 'review', '{"minHistory":5,"stdDevs":3}', TRUE, '2026-11-26 00:00:00', '2026-11-26 00:00:00');
