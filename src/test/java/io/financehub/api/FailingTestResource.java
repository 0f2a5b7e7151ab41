package io.financehub.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only operations that fail the way real code can: the governance store refusing a value (a real PostgreSQL
 * error, wrapped with its text as a ledger does), the store out of reach, and a plain bug. Hidden from the API
 * description; operators only.
 */
@Path("/api/test-failures")
@Produces(MediaType.APPLICATION_JSON)
public class FailingTestResource {

    @Inject
    DataSource dataSource;

    @POST
    @Path("/store-refuses")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(hidden = true)
    public String storeRefuses() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("select cast(1e20 as numeric(19, 4))");
            return "stored";
        } catch (SQLException e) {
            throw new IllegalStateException("Budget ledger: no budget was set (1 sent): " + e.getMessage(), e);
        }
    }

    @POST
    @Path("/store-unreachable")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(hidden = true)
    public String storeUnreachable() {
        throw new IllegalStateException("reading the ledger failed", new SQLTransientConnectionException(
                "Acquisition timeout while waiting for new connection to jdbc:postgresql://10.1.2.3:5432/hub", "08001"));
    }

    @POST
    @Path("/bug")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(hidden = true)
    public String bug() {
        Object notAString = 42;
        return (String) notAString;
    }
}
