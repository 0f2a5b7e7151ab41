package io.financehub.console;

import java.util.List;

/**
 * What every console page shows around its content: title, the signed-in user and roles, the navigation the user's
 * roles allow, the CSRF token its forms carry, the outcome of the last action (once), and the flows this instance
 * runs.
 */
public record Page(String title, String section, String user, String roles, List<Nav> nav, String csrf, Flash.Message flash,
        String flows) {

    public record Nav(String href, String label, boolean active) {
    }

    public boolean hasFlash() {
        return flash != null;
    }
}
