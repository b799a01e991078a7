package visor.cli.config;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import visor.cpu.AlignmentPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import visor.soc.boot.ElfImage;

import static visor.cli.config.GuestMemory.PAGE;
import static visor.cli.config.GuestMemory.RAM_LIMIT;
import static visor.cli.config.GuestMemory.formatSize;
import static visor.cli.config.GuestMemory.hex;

/**
 * Reads a visor TOML configuration into typed records. Every problem is collected, not just the first,
 * and each names the file, the line, the table and the key so the user can fix them all in one pass.
 */
public final class ConfigLoader {
    public static final Set<String> HYPERVISOR_KEYS = Set.of("quantum_ms", "clock", "escape", "alignment", "memory_limit");
    public static final Set<String> VM_KEYS = Set.of("name", "image", "load", "entry", "sp", "memory", "autostart", "optional",
            "dtb", "initrd", "append", "alignment", "gdb", "display");
    public static final long DEFAULT_LOAD = 0x80000;
    public static final long DEFAULT_MEMORY = 256L << 20;
    public static final int MAX_QUANTUM_MS = 1000;

    /** A VM name must not look like an id (vmc takes either) nor contain '=' (headless VM=TEXT). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    private final Path file;
    private final String shownName;
    private final List<Finding> errors = new ArrayList<>();
    private final List<Finding> notes = new ArrayList<>();

    private record Finding(int line, int column, String text) {
    }

    private ConfigLoader(Path file) {
        this.file = file;
        this.shownName = file.toString();
    }

    /**
     * Parses and validates {@code file}.
     *
     * @throws ConfigException listing every problem; nothing should be started then
     */
    public static RunConfig load(Path file) throws ConfigException {
        return new ConfigLoader(file).load();
    }

    private RunConfig load() throws ConfigException {
        String problem = InputFile.problem(file);
        if (problem != null && !problem.equals("is empty")) {
            throw new ConfigException(List.of(shownName + ": " + problem));
        }
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(shownName + ": not a TOML configuration: the file is not UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(List.of(shownName + ": cannot read: " + InputFile.reason(e)));
        }
        if (toml.hasErrors()) {
            // A partial parse would only add confusing follow-up errors; report the syntax itself.
            for (TomlParseError e : toml.errors()) {
                TomlPosition p = e.position();
                errors.add(new Finding(p.line(), p.column(), "syntax error: " + stripPosition(e.getMessage())));
            }
            throw failure();
        }

        for (String key : toml.keySet()) {
            if (!key.equals("hypervisor") && !key.equals("vm")) {
                error(toml, key, "", "unknown key '" + key + "' (expected [hypervisor] and [[vm]] tables)");
            }
        }
        HypervisorConfig hypervisor = hypervisor(toml);
        List<VmConfig> vms = vms(toml);
        if (!toml.contains("vm")) {
            // Not an error: the console can still load VMs with vmld; a headless run refuses it (RunCommand).
            notes.add(new Finding(0, 0, "warning: " + (toml.isEmpty() ? "the configuration is empty" : "no [[vm]] table")
                    + ": the console starts with no VMs, 'vmld' loads one (a VM in the file is a [[vm]] table with at least"
                    + " 'name' and 'image'); with --headless this is an error"));
        }
        long total = vms.stream().mapToLong(VmConfig::memory).sum();
        if (total > hypervisor.memoryLimit()) {
            notes.add(new Finding(0, 0, "warning: the VMs' memory totals " + formatSize(total) + " (" + vms.size()
                    + " VMs), more than the " + formatSize(hypervisor.memoryLimit()) + " of host RAM they share"
                    + (hypervisor.memoryLimit() == HypervisorConfig.DEFAULT_MEMORY_LIMIT
                    ? " (the emulated Pi 3 has 1G; the hypervisor keeps the rest)" : " (memory_limit)")
                    + "; pages are backed when first touched, and a VM that finds none left is crashed"));
        }
        if (!errors.isEmpty()) {
            throw failure();
        }
        return new RunConfig(file, hypervisor, vms, notes.stream().map(this::format).toList());
    }

    private HypervisorConfig hypervisor(TomlTable root) {
        Object value = root.get(List.of("hypervisor"));
        if (value == null) {
            return HypervisorConfig.defaults();
        }
        if (!(value instanceof TomlTable table)) {
            error(root, "hypervisor", "", "key 'hypervisor': expected a table [hypervisor], got " + describe(value));
            return HypervisorConfig.defaults();
        }
        String where = "[hypervisor]: ";
        unknownKeys(table, HYPERVISOR_KEYS, where);
        int quantum = HypervisorConfig.DEFAULT_QUANTUM_MS;
        Long q = integer(table, "quantum_ms", where);
        if (q != null) {
            if (q < 1 || q > MAX_QUANTUM_MS) {
                error(table, "quantum_ms", where, "key 'quantum_ms': " + q + " is out of range 1-" + MAX_QUANTUM_MS);
            } else {
                quantum = q.intValue();
            }
        }
        HypervisorConfig.Clock clock = HypervisorConfig.Clock.REALTIME;
        String c = string(table, "clock", where);
        if (c != null) {
            switch (c) {
                case "realtime" -> clock = HypervisorConfig.Clock.REALTIME;
                case "virtual" -> clock = HypervisorConfig.Clock.VIRTUAL;
                default -> error(table, "clock", where, "key 'clock': \"" + c + "\" is not one of \"realtime\", \"virtual\"");
            }
        }
        visor.cli.console.EscapeKey escape = visor.cli.console.EscapeKey.CTRL_A;
        String e = string(table, "escape", where);
        if (e != null) {
            try {
                escape = visor.cli.console.EscapeKey.parse(e);
            } catch (IllegalArgumentException ex) {
                error(table, "escape", where, "key 'escape': " + ex.getMessage());
            }
        }
        AlignmentPolicy alignment = alignment(table, where);
        long memoryLimit = HypervisorConfig.DEFAULT_MEMORY_LIMIT;
        Object rawLimit = table.get(List.of("memory_limit"));
        if (rawLimit != null) {
            try {
                long m = size(rawLimit);
                if (m > HypervisorConfig.DEFAULT_MEMORY_LIMIT) {
                    throw new IllegalArgumentException(display(rawLimit) + " is more than the "
                            + formatSize(HypervisorConfig.DEFAULT_MEMORY_LIMIT) + " of host RAM the emulated Pi 3 has for VMs");
                }
                memoryLimit = m;
            } catch (IllegalArgumentException ex) {
                error(table, "memory_limit", where, "key 'memory_limit': " + ex.getMessage());
            }
        }
        return new HypervisorConfig(quantum, clock, escape, alignment == null ? HypervisorConfig.DEFAULT_ALIGNMENT : alignment,
                memoryLimit);
    }

    /** Key 'alignment': "warn", "strict" or "lenient" (see {@link AlignmentPolicy}), or null when absent. */
    private AlignmentPolicy alignment(TomlTable table, String where) {
        String a = string(table, "alignment", where);
        if (a == null) {
            return null;
        }
        return switch (a) {
            case "warn" -> AlignmentPolicy.WARN;
            case "strict" -> AlignmentPolicy.STRICT;
            case "lenient" -> AlignmentPolicy.LENIENT;
            default -> {
                error(table, "alignment", where, "key 'alignment': \"" + a + "\" is not one of \"warn\", \"strict\", \"lenient\"");
                yield null;
            }
        };
    }

    private List<VmConfig> vms(TomlTable root) {
        Object value = root.get(List.of("vm"));
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof TomlArray array) || !array.isEmpty() && !(array.get(0) instanceof TomlTable)) {
            error(root, "vm", "", "key 'vm': expected [[vm]] tables, got " + describe(value));
            return List.of();
        }
        List<VmConfig> vms = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            TomlTable table = array.getTable(i);
            TomlPosition tablePos = array.inputPositionOf(i);
            VmConfig vm = vm(table, i + 1, tablePos, names);
            if (vm != null) {
                vms.add(vm);
            }
        }
        return vms;
    }

    private VmConfig vm(TomlTable t, int number, TomlPosition tablePos, Map<String, Integer> names) {
        int before = errors.size();
        Object rawName = t.get(List.of("name"));
        String where = "[[vm]] #" + number + (rawName instanceof String s ? " \"" + s + "\"" : "") + ": ";
        unknownKeys(t, VM_KEYS, where);

        String name = string(t, "name", where);
        if (name == null && rawName == null) {
            errorAt(tablePos, where + "missing key 'name'");
        } else if (name != null) {
            if (!NAME.matcher(name).matches()) {
                error(t, "name", where, "key 'name': \"" + name + "\" is not a valid name (a letter, then letters, digits, '_', '.', '-')");
            } else {
                Integer first = names.putIfAbsent(name.toLowerCase(Locale.ROOT), number);
                if (first != null) {
                    error(t, "name", where, "key 'name': duplicate name \"" + name + "\" (already used by [[vm]] #" + first + ")");
                }
            }
        }

        long memory = DEFAULT_MEMORY;
        boolean memoryValid = true;
        Object rawMemory = t.get(List.of("memory"));
        if (rawMemory != null) {
            memoryValid = false;
            try {
                long m = size(rawMemory);
                if (m > RAM_LIMIT) {
                    throw new IllegalArgumentException(display(rawMemory) + " is larger than the guest RAM limit of "
                            + formatSize(RAM_LIMIT) + " (IPA 0x0-" + hex(RAM_LIMIT - 1) + ")");
                }
                memory = m;
                memoryValid = true;
            } catch (IllegalArgumentException e) {
                error(t, "memory", where, "key 'memory': " + e.getMessage());
            }
        }

        Long load = address(t, "load", where, memoryValid ? memory : -1, 1, false);
        Long entry = address(t, "entry", where, memoryValid ? memory : -1, 4, false);
        Long sp = address(t, "sp", where, memoryValid ? memory : -1, 16, true);
        boolean autostart = bool(t, "autostart", where, true);
        boolean optional = bool(t, "optional", where, false);
        AlignmentPolicy alignment = alignment(t, where);
        Long gdb = integer(t, "gdb", where);
        if (gdb != null && (gdb < 0 || gdb > 65535)) {
            error(t, "gdb", where, "key 'gdb': " + gdb + " is not a TCP port (1-65535, or 0 for any free port)");
            gdb = null;
        }
        boolean window = false;
        String display = string(t, "display", where);
        if (display != null) {
            switch (display) {
                case "window" -> window = true;
                case "none" -> window = false;
                default -> error(t, "display", where, "key 'display': \"" + display + "\" is not one of \"window\", \"none\"");
            }
        }

        // A Linux kernel (dtb given) goes where the arm64 boot protocol puts it: load/entry/sp would lie.
        String append = string(t, "append", where);
        boolean linux = t.contains(List.of("dtb"));
        for (String key : new String[] {"load", "entry", "sp"}) {
            if (linux && t.contains(List.of(key))) {
                error(t, key, where, "key '" + key + "': a VM with 'dtb' boots Linux, placed by the arm64 boot protocol"
                        + " (Image at 2 MiB + text_offset, entered with x0 = the DTB); remove '" + key + "'");
            }
        }
        for (String key : new String[] {"initrd", "append"}) {
            if (!linux && t.contains(List.of(key))) {
                error(t, key, where, "key '" + key + "': reaches the kernel through the device tree: give 'dtb' too");
            }
        }
        Path[] dtb = new Path[1];
        Path[] initrd = new Path[1];
        boolean skip = !file(t, "dtb", where, optional, dtb) | !file(t, "initrd", where, optional, initrd);

        Path image = null;
        String imageText = string(t, "image", where);
        if (imageText == null && !t.contains(List.of("image"))) {
            errorAt(tablePos, where + "missing key 'image'");
        } else if (imageText != null) {
            image = file.toAbsolutePath().resolveSibling(imageText).normalize();
            if (!Files.isRegularFile(image)) {
                String why = Files.exists(image) ? " " + InputFile.problem(image) : " not found";
                if (optional) {
                    note(t, "image", where, "key 'image': " + imageText + why + "; optional VM skipped");
                    skip = true;
                } else {
                    error(t, "image", where, "key 'image': " + imageText + why + " (looked for " + image + ")");
                }
            } else {
                try {
                    long size = Files.size(image);
                    long at = load == null ? DEFAULT_LOAD : load;
                    if (size == 0) {
                        error(t, "image", where, "key 'image': " + imageText + " is empty");
                    } else if (!linux && isElf(image)) {
                        checkElf(t, where, imageText, image, memoryValid ? memory : -1);
                    } else if (!linux && memoryValid && (load != null || !t.contains(List.of("load"))) && at + size > memory) {
                        error(t, "image", where, "key 'image': " + imageText + " (" + size + " bytes) loaded at " + hex(at)
                                + " ends at " + hex(at + size - 1) + ", beyond the VM's memory of " + formatSize(memory)
                                + " (" + hex(0) + "-" + hex(memory - 1) + ")");
                    }
                } catch (IOException e) {
                    error(t, "image", where, "key 'image': cannot read " + imageText + ": " + e.getMessage());
                }
            }
        }

        if (errors.size() != before || skip) {
            return null;
        }
        long l = load == null ? DEFAULT_LOAD : load;
        if (!linux && entry == null && l % 4 != 0) {
            error(t, "load", where, "key 'load': " + hex(l) + " is not 4-byte aligned, and 'entry' defaults to 'load';"
                    + " give an aligned 'entry' or align 'load'");
            return null;
        }
        if (!linux && entry != null) {
            long size = sizeOf(image);
            if (entry < l || entry >= l + size) {
                note(t, "entry", where, "warning: key 'entry': " + hex(entry) + " is outside the image, loaded at "
                        + hex(l) + "-" + hex(l + size - 1) + "; the VM starts in zeroed memory");
            }
        }
        return new VmConfig(name, image, l, entry == null ? l : entry, sp == null ? 0 : sp, memory, autostart, optional,
                dtb[0], initrd[0], append, alignment, gdb == null ? -1 : gdb.intValue(), window);
    }

    /** A memory size: a string such as "512M" or an integer, positive and a multiple of 4K. */
    private static long size(Object raw) {
        long m;
        if (raw instanceof Long l) {
            m = l;
        } else if (raw instanceof String s) {
            m = GuestMemory.parseSize(s);
        } else {
            throw new IllegalArgumentException("expected a size such as \"512M\" or an integer, got " + describe(raw));
        }
        if (m <= 0) {
            throw new IllegalArgumentException(display(raw) + " is not a valid size: must be at least 4K");
        } else if (m % PAGE != 0) {
            throw new IllegalArgumentException(display(raw) + " is not a multiple of 4K");
        }
        return m;
    }

    private static long sizeOf(Path image) {
        try {
            return Files.size(image);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Reads an optional file key (resolved like 'image') into {@code out[0]}. Returns false when an optional
     * VM is to be skipped because the file is missing; other problems are errors.
     */
    private boolean file(TomlTable t, String key, String where, boolean optional, Path[] out) {
        String text = string(t, key, where);
        if (text == null) {
            return true;
        }
        Path p = file.toAbsolutePath().resolveSibling(text).normalize();
        if (Files.isRegularFile(p)) {
            out[0] = p;
            return true;
        }
        String why = Files.exists(p) ? " " + InputFile.problem(p) : " not found";
        if (optional) {
            note(t, key, where, "key '" + key + "': " + text + why + "; optional VM skipped");
            return false;
        }
        error(t, key, where, "key '" + key + "': " + text + why + " (looked for " + p + ")");
        return true;
    }

    /**
     * Reads an address key and checks it against the guest layout. The alignment is what the CPU
     * requires when the value is used (4 for an instruction, 16 for the stack pointer).
     *
     * @param memory the VM's memory size, or -1 when it is itself invalid
     * @param topInclusive true for sp: a full descending stack may start at the very end of RAM
     */
    private Long address(TomlTable t, String key, String where, long memory, int alignment, boolean topInclusive) {
        Long v = integer(t, key, where);
        if (v == null) {
            return null;
        }
        String problem = GuestMemory.addressProblem(v, memory, alignment, topInclusive);
        if (problem != null) {
            error(t, key, where, "key '" + key + "': " + problem);
            return null;
        }
        return v;
    }

    private void unknownKeys(TomlTable table, Set<String> known, String where) {
        for (String key : table.keySet()) {
            if (!known.contains(key)) {
                error(table, key, where, "unknown key '" + key + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private Long integer(TomlTable t, String key, String where) {
        Object v = t.get(List.of(key));
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return l;
        }
        error(t, key, where, "key '" + key + "': expected an integer, got " + describe(v));
        return null;
    }

    private String string(TomlTable t, String key, String where) {
        Object v = t.get(List.of(key));
        if (v == null || v instanceof String) {
            return (String) v;
        }
        error(t, key, where, "key '" + key + "': expected a string, got " + describe(v));
        return null;
    }

    private boolean bool(TomlTable t, String key, String where, boolean defaultValue) {
        Object v = t.get(List.of(key));
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        error(t, key, where, "key '" + key + "': expected true or false, got " + describe(v));
        return defaultValue;
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "a string (\"" + s + "\")";
        } else if (v instanceof Long || v instanceof Double || v instanceof Boolean) {
            String type = v instanceof Long ? "an integer" : v instanceof Double ? "a float" : "a boolean";
            return type + " (" + v + ")";
        } else if (v instanceof TomlTable) {
            return "a table";
        } else if (v instanceof TomlArray) {
            return "an array";
        }
        return "a date/time (" + v + ")";
    }

    private static String display(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : v.toString();
    }

    private void error(TomlTable t, String key, String where, String text) {
        errorAt(t.inputPositionOf(List.of(key)), where + text);
    }

    private void errorAt(TomlPosition p, String text) {
        errors.add(new Finding(p == null ? 0 : p.line(), 0, text));
    }

    private void note(TomlTable t, String key, String where, String text) {
        TomlPosition p = t.inputPositionOf(List.of(key));
        notes.add(new Finding(p == null ? 0 : p.line(), 0, where + text));
    }

    private ConfigException failure() {
        return new ConfigException(errors.stream()
                .sorted(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column))
                .map(this::format).toList());
    }

    private String format(Finding f) {
        String at = f.line() <= 0 ? "" : ":" + f.line() + (f.column() > 0 ? ":" + f.column() : "");
        return shownName + at + ": " + f.text();
    }

    /** tomlj appends " (line L, column C)" to its messages; the position is shown in front instead. */
    private static String stripPosition(String message) {
        return message.replaceFirst("\\s*\\(line \\d+, column \\d+\\)\\s*$", "");
    }

    private static boolean isElf(Path image) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(image)) {
            return ElfImage.isElf(in.readNBytes(4));
        }
    }

    /** An ELF image places itself (PT_LOAD at p_paddr, entry from its header): 'load'/'entry' would lie. */
    private void checkElf(TomlTable t, String where, String imageText, Path image, long memory) throws IOException {
        for (String key : new String[] {"load", "entry"}) {
            if (t.contains(List.of(key))) {
                error(t, key, where, "key '" + key + "': " + imageText + " is an ELF image, loaded at its segments'"
                        + " physical addresses and entered at its ELF entry point; remove '" + key + "'");
            }
        }
        try {
            ElfImage elf = ElfImage.parse(Files.readAllBytes(image));
            for (ElfImage.Segment seg : elf.segments()) {
                if (memory > 0 && Long.compareUnsigned(seg.address() + seg.memSize(), memory) > 0) {
                    error(t, "image", where, "key 'image': " + imageText + ": ELF segment at " + hex(seg.address())
                            + " (" + seg.memSize() + " bytes) lies beyond the VM's memory of " + formatSize(memory));
                }
            }
        } catch (IllegalArgumentException e) {
            error(t, "image", where, "key 'image': " + imageText + ": " + e.getMessage());
        }
    }
}
