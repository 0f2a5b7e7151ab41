package io.financehub.sandbox.odoo;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One call the emulator received, as tests assert on it: protocol ({@code jsonrpc}/{@code json2}), service
 * and model method, arguments, the authenticated uid/login and the outcome ({@code ok}, the Odoo error
 * name, or {@code fault:<kind>} when an injected fault hid or replaced the answer), when it was received and when it
 * ended ({@code timestamp}: answered, committed or killed).
 */
public record RecordedCall(long index, String protocol, String service, String model, String method, JsonNode args,
                           JsonNode kwargs, Long uid, String login, String outcome, Instant timestamp, Instant received) {

    /** True for calls that change data (create, write, unlink and model actions). */
    public boolean isWrite() {
        return model != null && isWriteMethod(method);
    }

    /** True for model methods that may change data: everything but searches, reads and access checks. */
    static boolean isWriteMethod(String method) {
        return method != null && !method.startsWith("search") && !method.startsWith("read") && !"fields_get".equals(method)
                && !"name_search".equals(method) && !"name_get".equals(method) && !"exists".equals(method)
                && !method.startsWith("check_access") && !"has_group".equals(method) && !"has_access".equals(method)
                && !"formatted_read_group".equals(method) && !"default_get".equals(method);
    }

    /** True when the emulator executed and committed this call (whether or not its client got the answer). */
    public boolean committed() {
        return "ok".equals(outcome) || "fault:slow_commit(ok)".equals(outcome) || "fault:timeout_after_commit(ok)".equals(outcome);
    }
}
