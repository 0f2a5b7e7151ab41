package io.financehub.odoo.emulator;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Odoo emulator standalone: {@code --version 17 --port 8069 --database demo --seed file.json}
 * (without {@code --seed} it loads the demo seed of the embedded default).
 */
public final class OdooEmulatorMain {
    private OdooEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        OdooEmulator.Builder b = OdooEmulator.builder().database("demo").port(8069);
        boolean seeded = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--version": b.version(Integer.parseInt(require(args[i], value))); i++; break;
                case "--port": b.port(Integer.parseInt(require(args[i], value))); i++; break;
                case "--database": b.database(require(args[i], value)); i++; break;
                case "--seed": b.seed(Path.of(require(args[i], value))); seeded = true; i++; break;
                default:
                    System.err.println("Unknown option " + args[i] + ". Usage: --version 16|17|18|19 --port 8069 --database demo --seed file.json");
                    System.exit(2);
            }
        }
        if (!seeded) {
            b.seedResource("odoo-emulator/demo-seed.json");
        }
        OdooEmulator emu = b.start();
        System.out.println("Odoo " + emu.version() + " emulator listening on " + emu.url() + " (database " + emu.database() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(emu::close));
        new CountDownLatch(1).await();
    }

    private static String require(String option, String value) {
        if (value == null) {
            System.err.println("Option " + option + " needs a value");
            System.exit(2);
        }
        return value;
    }
}
