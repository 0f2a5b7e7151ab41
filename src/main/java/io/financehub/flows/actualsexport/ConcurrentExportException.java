package io.financehub.flows.actualsexport;

/**
 * Another export of the same company, period and increment published first (the checkpoint's compare-and-set):
 * nothing of this run was published; the caller runs it again (answered 409, no exception item).
 */
public class ConcurrentExportException extends IllegalStateException {

    public ConcurrentExportException(String message) {
        super(message);
    }
}
