package io.financehub.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Structure-aware mutations of valid statement files, for the bounded fuzz run of the normal build: numbers
 * replaced (so that files still read and the balance check has to catch them) or all scaled alike (so that they
 * still balance and only the grammar stands in the way), format tokens inserted, spans
 * deleted or repeated, lines swapped, files cut or glued to themselves, bytes replaced by control characters.
 * Seeded, so a finding is reproducible from the seed and iteration the failure names.
 */
public final class Mutations {

    private static final String PUNCTUATION = "\"',;:/<>&-+.CDRX \t\n";
    private static final Pattern DECIMAL = Pattern.compile("(\\d+)([.,]\\d+)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");

    private final Random random;
    private final List<String> dictionary;

    public Mutations(long seed, List<String> dictionary) {
        this.random = new Random(seed);
        this.dictionary = List.copyOf(dictionary);
    }

    /** One to four mutations of {@code seed}; bytes are handled as ISO-8859-1 so every byte survives. */
    public byte[] mutate(byte[] seed) {
        String text = new String(seed, StandardCharsets.ISO_8859_1);
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds && !text.isEmpty(); i++) {
            text = switch (random.nextInt(12)) {
                case 0, 1, 2 -> replaceNumber(text);
                case 11 -> scaleAmounts(text);
                case 3 -> insert(text, dictionary.get(random.nextInt(dictionary.size())));
                case 4 -> deleteSpan(text);
                case 5 -> repeatSpan(text);
                case 6 -> swapLines(text);
                case 7 -> text.substring(0, random.nextInt(text.length()));
                case 8 -> random.nextBoolean() ? text + text : text + dictionary.get(random.nextInt(dictionary.size()));
                case 9 -> replaceChar(text);
                default -> deleteLine(text);
            };
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private String replaceNumber(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String original = text.substring(span[0], span[1]);
        String replacement = switch (random.nextInt(6)) {
            case 0 -> digits(1 + random.nextInt(25));
            case 1 -> "-" + original;
            case 2 -> original.replace(',', '.').replace('.', random.nextBoolean() ? ',' : '.');
            case 3 -> original + "E+20";
            case 4 -> digits(1 + random.nextInt(4)) + (random.nextBoolean() ? "." : ",") + digits(random.nextInt(7));
            default -> bump(original);
        };
        return text.substring(0, span[0]) + replacement + text.substring(span[1]);
    }

    /**
     * Every decimal number of the file times 10^k: the amounts grow past what the format allows while the file
     * still balances, so only the grammar and the digit checks stand between it and Odoo.
     */
    private String scaleAmounts(String text) {
        String zeros = "0".repeat(1 + random.nextInt(16));
        return DECIMAL.matcher(text).replaceAll(m -> m.group(1) + zeros + Matcher.quoteReplacement(m.group(2)));
    }

    /** The same number with one digit changed: a file that still reads, with an amount that no longer balances. */
    private String bump(String number) {
        char[] chars = number.toCharArray();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < chars.length; i++) {
            if (Character.isDigit(chars[i])) {
                positions.add(i);
            }
        }
        if (positions.isEmpty()) {
            return number;
        }
        int p = positions.get(random.nextInt(positions.size()));
        chars[p] = (char) ('0' + (chars[p] - '0' + 1 + random.nextInt(9)) % 10);
        return new String(chars);
    }

    private String digits(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private String insert(String text, String token) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + token + text.substring(at);
    }

    private String deleteSpan(String text) {
        int from = random.nextInt(text.length());
        int to = Math.min(text.length(), from + 1 + random.nextInt(60));
        return text.substring(0, from) + text.substring(to);
    }

    private String repeatSpan(String text) {
        int from = random.nextInt(text.length());
        int to = Math.min(text.length(), from + 1 + random.nextInt(200));
        return insert(text, text.substring(from, to));
    }

    private String replaceChar(String text) {
        int at = random.nextInt(text.length());
        char c = switch (random.nextInt(3)) {
            case 0 -> (char) random.nextInt(0x20);
            case 1 -> (char) (0x7f + random.nextInt(0x81));
            default -> PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()));
        };
        return text.substring(0, at) + c + text.substring(at + 1);
    }

    private String swapLines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.size() < 2) {
            return text;
        }
        int a = random.nextInt(lines.size());
        int b = random.nextInt(lines.size());
        String t = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, t);
        return String.join("\n", lines);
    }

    private String deleteLine(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.size() < 2) {
            return text;
        }
        lines.remove(random.nextInt(lines.size()));
        return String.join("\n", lines);
    }

    /** The inputs of a fuzz test by file name: its Jazzer inputs directory ({@code <Class>Inputs/fuzz} next to the class). */
    public static java.util.SortedMap<String, byte[]> seeds(Class<?> test) {
        URL dir = test.getResource(test.getSimpleName() + "Inputs/fuzz");
        if (dir == null) {
            throw new IllegalStateException("no input directory " + test.getSimpleName() + "Inputs/fuzz next to " + test.getName());
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            java.util.SortedMap<String, byte[]> out = new java.util.TreeMap<>();
            for (Path f : files.toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    out.put(f.getFileName().toString(), in.readAllBytes());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The bounded fuzz run: mutations of the seeds for {@code fuzz.seconds} (default 3) from {@code fuzz.seed}, each
     * checked by {@code check}. Fails at the first finding with the seed, iteration and input; fails too when the
     * run never produced an accepted or a validation-rejected file (then it would not be testing the balance check).
     */
    public static void run(Class<?> test, String fileName, List<String> dictionary, Function<byte[], StatementOracle.Outcome> check) {
        long seed = Long.getLong("fuzz.seed", 20261205L);
        long millis = (long) (Double.parseDouble(System.getProperty("fuzz.seconds", "3")) * 1000);
        Mutations mutations = new Mutations(seed, dictionary);
        List<byte[]> seeds = List.copyOf(seeds(test).values());
        int[] outcomes = new int[StatementOracle.Outcome.values().length];
        long end = System.currentTimeMillis() + millis;
        int iteration = 0;
        while (System.currentTimeMillis() < end) {
            byte[] input = mutations.mutate(seeds.get(iteration % seeds.size()));
            try {
                outcomes[check.apply(input).ordinal()]++;
            } catch (AssertionError | RuntimeException e) {
                fail("Finding at iteration " + iteration + " of seed " + seed + " (" + fileName + "): " + e
                        + "\ninput: " + new String(input, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n\n"), e);
            }
            iteration++;
        }
        System.out.printf("[fuzz] %s: %d inputs in %d ms from seed %d: %d refused, %d rejected by validation, %d accepted%n",
                test.getSimpleName(), iteration, millis, seed, outcomes[0], outcomes[1], outcomes[2]);
        assertTrue(outcomes[StatementOracle.Outcome.ACCEPTED.ordinal()] > 0, "some mutated files must still pass, or the run tests nothing");
        assertTrue(outcomes[StatementOracle.Outcome.REJECTED.ordinal()] > 0, "some mutated files must be caught by validation");
    }
}
