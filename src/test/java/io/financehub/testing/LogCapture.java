package io.financehub.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The log records the application writes while an action runs, as raw as they reach the log handlers. */
public final class LogCapture {

    private LogCapture() {
    }

    /** Message and exception texts (causes included) of every record written while {@code action} runs. */
    public static List<String> during(Runnable action) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        SimpleFormatter formatter = new SimpleFormatter();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder text = new StringBuilder(String.valueOf(formatter.formatMessage(record)));
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text.append(" | ").append(t);
                }
                lines.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            action.run();
        } finally {
            root.removeHandler(handler);
        }
        return List.copyOf(lines);
    }
}
