package io.paycloud.common.identity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An operator's role, least privilege first: each ops endpoint names the one (or few) it needs, and no
 * role includes another. The wire name is the lower-case word ({@code treasury}); inside a service the
 * role is the Spring Security authority {@link #authority()}.
 */
public enum OperatorRole {
    /** dashboards, reports, reconciliation, the console read-only */
    VIEWER,
    /** reads merchants, customers and payments of any merchant */
    SUPPORT,
    /** risk rules, block lists, assessments, review decisions */
    RISK,
    /** deposits: money into the platform */
    TREASURY,
    /** operators and their roles, merchants and their keys, the audit trail */
    ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String authority() {
        return "OPERATOR_" + name();
    }

    public static Optional<OperatorRole> ofWire(String value) {
        for (OperatorRole role : values()) {
            if (role.wire().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** The roles among {@code values} that name one; anything else is dropped. */
    public static Set<OperatorRole> ofWire(Collection<?> values) {
        Set<OperatorRole> roles = EnumSet.noneOf(OperatorRole.class);
        if (values != null) {
            for (Object value : values) {
                if (value instanceof String s) {
                    ofWire(s).ifPresent(roles::add);
                }
            }
        }
        return roles;
    }

    /** Wire names in a stable order, for a token claim or a stored column. */
    public static List<String> wire(Collection<OperatorRole> roles) {
        return (roles.isEmpty() ? EnumSet.noneOf(OperatorRole.class) : EnumSet.copyOf(roles)).stream()
                .map(OperatorRole::wire).toList();
    }
}
