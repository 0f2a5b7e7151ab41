package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chatter ({@code mail.message}): {@code message_post} on any record of a model with {@code message_ids} stores
 * a note by the calling user's partner. 16-18 refuse a sender without an email address (19 does not) and answer
 * the new message's id, 19 a list of it.
 */
final class MailModels extends ModelFamily {

    MailModels(Orm orm, Models models) {
        super(orm, models, Set.of("mail.message", "mail.message.subtype"));
    }

    /** Posts the body as a note on each record; answers the last new message's id. */
    JsonNode messagePost(Env env, String model, List<Long> ids, Params p) {
        Map<String, Object> user = orm.store.get("res.users", env.uid);
        Object email = user == null ? null : models.compute("res.users", user, "email");
        if (email == null && v() < 19) {
            throw OdooError.user("Unable to send message, please configure the sender's email address.");
        }
        String body = p.text("body", "");
        // a plain str body is escaped and wrapped, as Odoo does for non-Markup input over RPC
        String html = "<p>" + body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>";
        String type = p.text("message_type", "notification");
        long last = 0;
        for (Long id : ids) {
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("body", html);
            msg.put("message_type", type);
            msg.put("model", model);
            msg.put("res_id", id);
            msg.put("author_id", user.get("partner_id"));
            msg.put("subtype_id", noteSubtype());
            msg.put("date", orm.now());
            long mid = orm.store.nextId("mail.message");
            orm.store.insert("mail.message", mid, msg);
            last = mid;
        }
        // Odoo 19 answers a list of the new message's id (recorded, JSON-2 and JSON-RPC alike)
        return v() >= 19 ? JsonNodeFactory.instance.arrayNode().add(last) : LongNode.valueOf(last);
    }

    private Long noteSubtype() {
        for (Map<String, Object> s : orm.store.table("mail.message.subtype").values()) {
            if ("Note".equals(s.get("name"))) {
                return id(s.get("id"));
            }
        }
        return null;
    }
}
