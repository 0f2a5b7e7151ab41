package io.financehub.governance.exceptions;

import java.util.Optional;

/** What a replay did: completed, failed again (item back to NEW), or nothing (item not NEW, or a notice). */
public record ReplayOutcome(Result result, Optional<ExceptionState> stateFound, Optional<String> failure) {

    public enum Result { REPLAYED, FAILED, NOT_REPLAYABLE, PAYLOAD_UNUSABLE }

    static ReplayOutcome replayed() {
        return new ReplayOutcome(Result.REPLAYED, Optional.empty(), Optional.empty());
    }

    static ReplayOutcome failed(String failure) {
        return new ReplayOutcome(Result.FAILED, Optional.empty(), Optional.of(failure));
    }

    static ReplayOutcome notReplayable(ExceptionState state) {
        return new ReplayOutcome(Result.NOT_REPLAYABLE, Optional.of(state), Optional.empty());
    }

    /** A NEW item that is a notice ({@link NotReplayableException}); {@code failure} carries its what-to-do message. */
    static ReplayOutcome notice(String message) {
        return new ReplayOutcome(Result.NOT_REPLAYABLE, Optional.of(ExceptionState.NEW), Optional.ofNullable(message));
    }

    /** A NEW item whose kept payload file is gone or changed: refused, nothing sent, the item stays NEW. */
    static ReplayOutcome payloadUnusable(String message) {
        return new ReplayOutcome(Result.PAYLOAD_UNUSABLE, Optional.of(ExceptionState.NEW), Optional.of(message));
    }

    /** True when the item was refused because it is a notice for a person, not a failed message. */
    public boolean isNotice() {
        return result == Result.NOT_REPLAYABLE && failure.isPresent();
    }
}
