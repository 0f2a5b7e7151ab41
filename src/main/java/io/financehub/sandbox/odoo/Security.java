package io.financehub.sandbox.odoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Users, groups, access rights per group and model, and multi-company record rules of the emulated
 * database, producing the AccessError texts real Odoo produces.
 */
final class Security {

    /** model → operation (read/write/create/unlink) → xml ids of the groups allowed (in message order). */
    private final Map<String, Map<String, List<String>>> acl = new LinkedHashMap<>();
    private final Orm orm;

    Security(Orm orm) {
        this.orm = orm;
    }

    void clear() {
        acl.clear();
    }

    void allow(String model, String operation, List<String> groupXmlIds) {
        acl.computeIfAbsent(model, k -> new LinkedHashMap<>()).put(operation, new ArrayList<>(groupXmlIds));
    }

    /** Authenticates a login with its password or one of its API keys; returns the uid or null. */
    Long authenticate(String login, String secret) {
        if (login == null || secret == null) {
            return null;
        }
        for (Map<String, Object> user : orm.store.table("res.users").values()) {
            if (login.equals(user.get("login")) && !Boolean.FALSE.equals(user.get("active"))
                    && matchesSecret(user, secret)) {
                return ((Number) user.get("id")).longValue();
            }
        }
        return null;
    }

    /** The uid owning an API key (JSON-2 bearer authentication), or null. */
    Long userByApiKey(String key) {
        for (Map<String, Object> user : orm.store.table("res.users").values()) {
            Object keys = user.get("api_keys");
            if (keys instanceof List && ((List<?>) keys).contains(key)) {
                return ((Number) user.get("id")).longValue();
            }
        }
        return null;
    }

    boolean checkPassword(long uid, String secret) {
        Map<String, Object> user = orm.store.get("res.users", uid);
        return user != null && secret != null && matchesSecret(user, secret);
    }

    private static boolean matchesSecret(Map<String, Object> user, String secret) {
        if (secret.equals(user.get("password"))) {
            return true;
        }
        Object keys = user.get("api_keys");
        return keys instanceof List && ((List<?>) keys).contains(secret);
    }

    /** Group ids of a user including implied groups, in Odoo's order (own groups, then implied ones). */
    List<Long> groupClosure(List<Long> direct) {
        Set<Long> out = new LinkedHashSet<>();
        List<Long> queue = new ArrayList<>(direct);
        while (!queue.isEmpty()) {
            Long g = queue.remove(0);
            if (out.add(g)) {
                Map<String, Object> group = orm.store.get("res.groups", g);
                if (group != null) {
                    queue.addAll(Domain.ids(group.get("implied_ids")));
                }
            }
        }
        List<Long> ordered = new ArrayList<>(out);
        // many2many values read in the comodel's order: res.groups sorts by name (seeded as a rank)
        ordered.sort(java.util.Comparator.comparingLong(g -> {
            Map<String, Object> group = orm.store.get("res.groups", g);
            Object seq = group == null ? null : group.get("sequence");
            return seq instanceof Number ? ((Number) seq).longValue() : 1000 + g;
        }));
        return ordered;
    }

    boolean isAllGroups(long uid) {
        Map<String, Object> user = orm.store.get("res.users", uid);
        return uid == Env.SUPERUSER || (user != null && Boolean.TRUE.equals(user.get("all_groups")));
    }

    boolean hasGroup(long uid, String xmlId) {
        if (isAllGroups(uid)) {
            return true;
        }
        Long gid = groupId(xmlId);
        Map<String, Object> user = orm.store.get("res.users", uid);
        // implied groups count: account.group_account_user grants what account.group_account_invoice grants
        return gid != null && user != null && groupClosure(Domain.ids(user.get(orm.schema.userGroupsField()))).contains(gid);
    }

    Long groupId(String xmlId) {
        for (Map<String, Object> g : orm.store.table("res.groups").values()) {
            if (xmlId.equals(g.get("xmlid"))) {
                return ((Number) g.get("id")).longValue();
            }
        }
        return null;
    }

    boolean canAccess(Env env, String model, String operation) {
        if (env.su || isAllGroups(env.uid)) {
            return true;
        }
        Map<String, List<String>> rights = acl.get(model);
        if (rights == null) {
            return true;
        }
        for (String xmlId : rights.getOrDefault(operation, List.of())) {
            if (hasGroup(env.uid, xmlId)) {
                return true;
            }
        }
        return false;
    }

    void checkAccess(Env env, String model, String operation) {
        if (canAccess(env, model, operation)) {
            return;
        }
        String verb = "read".equals(operation) ? "access" : "write".equals(operation) ? "modify"
                : "create".equals(operation) ? "create" : "delete";
        StringBuilder groups = new StringBuilder();
        for (String xmlId : acl.get(model).getOrDefault(operation, List.of())) {
            Long gid = groupId(xmlId);
            Object fullName = gid == null ? xmlId : orm.store.get("res.groups", gid).get("full_name");
            groups.append("\n\t- ").append(fullName);
        }
        String message = "You are not allowed to " + verb + " '" + orm.schema.description(model) + "' (" + model
                + ") records.\n\n"
                + (groups.length() == 0 ? "No group currently allows this operation."
                : "This operation is allowed for the following groups:" + groups)
                + "\n\nContact your administrator to request access if necessary.";
        throw new OdooError(OdooError.ACCESS_ERROR, message);
    }

    /**
     * Multi-company record rule: records of companies outside {@code allowed_company_ids} (or the user's
     * companies) are invisible.
     */
    Predicate<Map<String, Object>> ruleFilter(Env env, String model) {
        if (env.su || !orm.models.isMultiCompany(model)) {
            return r -> true;
        }
        List<Long> allowed = env.allowedCompanyIds();
        if (allowed == null) {
            Map<String, Object> user = orm.store.get("res.users", env.uid);
            allowed = user == null ? List.of() : Domain.ids(user.get("company_ids"));
            if (allowed.isEmpty()) {
                return r -> true;
            }
        }
        List<Long> companies = allowed;
        String field = orm.schema.hasField(model, "company_id") ? "company_id" : "company_ids";
        return r -> {
            List<Long> c = Domain.ids(orm.value(model, r, field));
            if (c.isEmpty()) {
                return true;
            }
            for (Long id : c) {
                if (companies.contains(id)) {
                    return true;
                }
            }
            return false;
        };
    }
}
