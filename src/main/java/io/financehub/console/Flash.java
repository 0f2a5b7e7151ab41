package io.financehub.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an action answered, shown once on the page it redirects to (post, redirect, get): kept in memory for a few
 * minutes under a random id, for the user who acted only. A redirect that lands on another instance shows nothing
 * more than the page itself, which always shows the state.
 */
@ApplicationScoped
public class Flash {

    private static final Duration KEPT = Duration.ofMinutes(5);
    private static final int MAX = 10_000;

    /** {@code kind}: {@code ok} or {@code error}. */
    public record Message(String kind, String text) {
        public boolean ok() {
            return "ok".equals(kind);
        }
    }

    private record Kept(String user, Message message, Instant until) {
    }

    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    public String put(String user, boolean ok, String text) {
        Instant now = Instant.now();
        if (kept.size() > MAX / 2) {
            kept.values().removeIf(k -> k.until().isBefore(now));
        }
        if (kept.size() >= MAX) {
            kept.clear();
        }
        String id = UUID.randomUUID().toString();
        kept.put(id, new Kept(user, new Message(ok ? "ok" : "error", text), now.plus(KEPT)));
        return id;
    }

    /** The message under {@code id} for this user, once. */
    public Optional<Message> take(String id, String user) {
        if (id == null) {
            return Optional.empty();
        }
        Kept k = kept.get(id);
        if (k == null || !k.user().equals(user) || k.until().isBefore(Instant.now())) {
            return Optional.empty();
        }
        kept.remove(id);
        return Optional.of(k.message());
    }
}
