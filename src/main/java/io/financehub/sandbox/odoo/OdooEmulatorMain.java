package io.financehub.sandbox.odoo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Odoo emulator standalone: {@code --version 17 --port 8069 --database demo --seed file.json
 * --speed realistic --slowdown 1 --request-limit 120} (without {@code --seed} it loads the demo seed of the embedded
 * default; {@code --speed realistic} takes as long as a real Odoo of that version, {@code --slowdown n} n times as long
 * (a busy server), {@code --request-limit} stops requests
 * after that many seconds as Odoo's {@code limit_time_real} does), {@code --print-writes} prints each write call when it
 * ends (received, ended, outcome) on standard output: what a crash test reads back when its outcome surprises.
 */
public final class OdooEmulatorMain {
    private OdooEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        OdooEmulator.Builder b = OdooEmulator.builder().database("demo").port(8069);
        boolean seeded = false;
        String speed = "instant";
        double slowdown = 1;
        int version = 17;
        boolean printWrites = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--version": version = Integer.parseInt(require(args[i], value)); b.version(version); i++; break;
                case "--speed": speed = require(args[i], value); i++; break;
                case "--slowdown": slowdown = Double.parseDouble(require(args[i], value)); i++; break;
                case "--request-limit": b.requestLimit(java.time.Duration.ofSeconds(Long.parseLong(require(args[i], value)))); i++; break;
                case "--port": b.port(Integer.parseInt(require(args[i], value))); i++; break;
                case "--database": b.database(require(args[i], value)); i++; break;
                case "--print-writes": printWrites = true; break;
                case "--seed": b.seed(Path.of(require(args[i], value))); seeded = true; i++; break;
                default:
                    System.err.println("Unknown option " + args[i] + ". Usage: --version 16|17|18|19 --port 8069 --database demo --seed file.json"
                            + " --speed instant|realistic --slowdown <factor> --request-limit <seconds> --print-writes");
                    System.exit(2);
            }
        }
        if (!seeded) {
            b.seedResource("odoo-emulator/demo-seed.json");
        }
        OdooEmulator emu = b.start();
        if (printWrites) {
            emu.journal().onAdd(c -> {
                if (c.isWrite()) {
                    System.out.println("write #" + c.index() + " " + c.model() + "." + c.method() + " " + c.args()
                            + " received " + c.received() + " ended " + c.timestamp() + " " + c.outcome());
                }
            });
        }
        if ("realistic".equals(speed)) {
            emu.speed(Speed.realistic(version).fasterBy(1 / slowdown));
        } else if (!"instant".equals(speed)) {
            System.err.println("--speed is instant or realistic, not " + speed);
            System.exit(2);
        }
        System.out.println("Odoo " + emu.version() + " emulator listening on " + emu.url() + " (database " + emu.database() + ", "
                + speed + " speed)");
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
