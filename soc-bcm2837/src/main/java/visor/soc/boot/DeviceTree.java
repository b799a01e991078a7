package visor.soc.boot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flattened device tree (the Devicetree Specification v0.4, chapter 5 "Flattened Devicetree (DTB)
 * Format") read into nodes and properties, edited, and written back: what a boot loader does to the
 * board's .dtb before handing it to Linux (QEMU's hw/arm/boot.c load_dtb: /memory reg, /chosen bootargs
 * and initrd bounds). All numbers in the blob are big-endian.
 */
public final class DeviceTree {
    static final int MAGIC = 0xD00D_FEED;
    static final int FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4, FDT_END = 9;
    /** The version written: 17, readable by anything that reads 16 (last_comp_version). */
    static final int VERSION = 17, LAST_COMPATIBLE = 16;
    private static final int HEADER_SIZE = 40;

    /** A memory reservation block entry: physical range the OS must not use (e.g. the spin table). */
    public record Reservation(long address, long size) {
    }

    /** A node: its name (unit address included, "" for the root), properties in order, children. */
    public static final class Node {
        private final String name;
        private final Map<String, byte[]> properties = new LinkedHashMap<>();
        private final List<Node> children = new ArrayList<>();

        Node(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public List<Node> children() {
            return Collections.unmodifiableList(children);
        }

        /** The child named exactly {@code name}, or with that name before its unit address ("memory" finds "memory@0"). */
        public Node child(String name) {
            for (Node c : children) {
                if (c.name.equals(name)) {
                    return c;
                }
            }
            for (Node c : children) {
                int at = c.name.indexOf('@');
                if (at >= 0 && c.name.substring(0, at).equals(name)) {
                    return c;
                }
            }
            return null;
        }

        public Node addChild(String name) {
            Node n = new Node(name);
            children.add(n);
            return n;
        }

        /** Removes the child named exactly {@code name}; false when there is none. */
        public boolean removeChild(String name) {
            return children.removeIf(c -> c.name.equals(name));
        }

        public Map<String, byte[]> properties() {
            return Collections.unmodifiableMap(properties);
        }

        /** The raw value, or null when absent. */
        public byte[] property(String name) {
            byte[] v = properties.get(name);
            return v == null ? null : v.clone();
        }

        /** A string property without its terminating NUL, or null when absent. */
        public String string(String name) {
            byte[] v = properties.get(name);
            if (v == null) {
                return null;
            }
            int end = 0;
            while (end < v.length && v[end] != 0) {
                end++;
            }
            return new String(v, 0, end, StandardCharsets.UTF_8);
        }

        /** Property {@code name} as 32-bit big-endian cells, or null when absent. */
        public long[] cells(String name) {
            byte[] v = properties.get(name);
            if (v == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(v);
            long[] cells = new long[v.length / 4];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = b.getInt() & 0xFFFF_FFFFL;
            }
            return cells;
        }

        public void setProperty(String name, byte[] value) {
            properties.put(name, value.clone());
        }

        public void setString(String name, String value) {
            byte[] s = value.getBytes(StandardCharsets.UTF_8);
            byte[] v = new byte[s.length + 1];
            System.arraycopy(s, 0, v, 0, s.length);
            properties.put(name, v);
        }

        /** Stores each value in {@code cellsEach} 32-bit cells (1 or 2, as #address-cells/#size-cells say). */
        public void setCells(String name, int cellsEach, long... values) {
            properties.put(name, encodeCells(cellsEach, values));
        }

        public void removeProperty(String name) {
            properties.remove(name);
        }
    }

    /** {@code values} as big-endian 32-bit cells, {@code cellsEach} (1 or 2) per value. */
    public static byte[] encodeCells(int cellsEach, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * cellsEach * 4);
        for (long v : values) {
            if (cellsEach == 2) {
                b.putLong(v);
            } else if (cellsEach == 1) {
                if (v >>> 32 != 0) {
                    throw new IllegalArgumentException("0x" + Long.toHexString(v) + " does not fit one cell");
                }
                b.putInt((int) v);
            } else {
                throw new IllegalArgumentException(cellsEach + " cells per value");
            }
        }
        return b.array();
    }

    private final Node root;
    private final List<Reservation> reservations;
    private int bootCpu;

    private DeviceTree(Node root, List<Reservation> reservations, int bootCpu) {
        this.root = root;
        this.reservations = reservations;
        this.bootCpu = bootCpu;
    }

    /** An empty tree: a root node, no reservations. */
    public static DeviceTree empty() {
        return new DeviceTree(new Node(""), new ArrayList<>(), 0);
    }

    /** Reads a .dtb; throws IllegalArgumentException when it is not a well-formed version 16+ blob. */
    public static DeviceTree parse(byte[] blob) {
        if (blob.length < HEADER_SIZE) {
            throw new IllegalArgumentException("not a device tree blob: " + blob.length + " bytes");
        }
        ByteBuffer h = ByteBuffer.wrap(blob);
        if (h.getInt(0) != MAGIC) {
            throw new IllegalArgumentException(String.format("not a device tree blob: magic 0x%08x, not 0xd00dfeed", h.getInt(0)));
        }
        long total = h.getInt(4) & 0xFFFF_FFFFL;
        int structOff = h.getInt(8), stringsOff = h.getInt(12), rsvOff = h.getInt(16);
        int version = h.getInt(20), lastComp = h.getInt(24), bootCpu = h.getInt(28);
        int stringsSize = h.getInt(32), structSize = h.getInt(36);
        if (total > blob.length || lastComp > VERSION || version < LAST_COMPATIBLE) {
            throw new IllegalArgumentException("device tree blob: totalsize " + total + " of " + blob.length
                    + " bytes, version " + version + " (last compatible " + lastComp + "): unsupported or truncated");
        }
        checkRange("structure block", structOff, structSize, total);
        checkRange("strings block", stringsOff, stringsSize, total);
        checkRange("memory reservation block", rsvOff, 16, total);

        List<Reservation> rsv = new ArrayList<>();
        for (int at = rsvOff; ; at += 16) {
            checkRange("memory reservation block", at, 16, total);
            long address = h.getLong(at), size = h.getLong(at + 8);
            if (address == 0 && size == 0) {
                break;
            }
            rsv.add(new Reservation(address, size));
        }

        Node root = null;
        List<Node> stack = new ArrayList<>();
        int at = structOff, end = structOff + structSize;
        while (true) {
            if (at + 4 > end) {
                throw new IllegalArgumentException("device tree blob: structure block ends without FDT_END");
            }
            int token = h.getInt(at);
            at += 4;
            switch (token) {
                case FDT_BEGIN_NODE -> {
                    int nul = findNul(blob, at, end);
                    Node n = new Node(new String(blob, at, nul - at, StandardCharsets.UTF_8));
                    at = align4(nul + 1);
                    if (stack.isEmpty()) {
                        if (root != null) {
                            throw new IllegalArgumentException("device tree blob: more than one root node");
                        }
                        root = n;
                    } else {
                        stack.get(stack.size() - 1).children.add(n);
                    }
                    stack.add(n);
                }
                case FDT_END_NODE -> {
                    if (stack.isEmpty()) {
                        throw new IllegalArgumentException("device tree blob: FDT_END_NODE without a node");
                    }
                    stack.remove(stack.size() - 1);
                }
                case FDT_PROP -> {
                    if (stack.isEmpty() || at + 8 > end) {
                        throw new IllegalArgumentException("device tree blob: property outside a node");
                    }
                    int len = h.getInt(at), nameOff = h.getInt(at + 4);
                    at += 8;
                    checkRange("property value", at, len, end);
                    if (nameOff < 0 || nameOff >= stringsSize) {
                        throw new IllegalArgumentException("device tree blob: property name offset " + nameOff + " outside the strings block");
                    }
                    int s = stringsOff + nameOff;
                    String name = new String(blob, s, findNul(blob, s, stringsOff + stringsSize) - s, StandardCharsets.UTF_8);
                    byte[] value = new byte[len];
                    System.arraycopy(blob, at, value, 0, len);
                    stack.get(stack.size() - 1).properties.put(name, value);
                    at = align4(at + len);
                }
                case FDT_NOP -> { }
                case FDT_END -> {
                    if (root == null || !stack.isEmpty()) {
                        throw new IllegalArgumentException("device tree blob: FDT_END inside a node or before the root");
                    }
                    return new DeviceTree(root, rsv, bootCpu);
                }
                default -> throw new IllegalArgumentException(String.format("device tree blob: bad token 0x%x at offset %d", token, at - 4));
            }
        }
    }

    private static void checkRange(String what, long offset, long size, long limit) {
        if (offset < 0 || size < 0 || offset + size > limit) {
            throw new IllegalArgumentException("device tree blob: " + what + " at " + offset + "+" + size + " outside " + limit + " bytes");
        }
    }

    private static int findNul(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("device tree blob: unterminated string at offset " + from);
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    public Node root() {
        return root;
    }

    /** The node at an absolute path ("/", "/chosen", "/soc/serial@7e201000"), or null. */
    public Node node(String path) {
        Node n = root;
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                n = n.child(part);
                if (n == null) {
                    return null;
                }
            }
        }
        return n;
    }

    /** The node at {@code path}, created (with any missing parents) when absent. */
    public Node nodeOrCreate(String path) {
        Node n = root;
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                Node c = n.child(part);
                n = c != null ? c : n.addChild(part);
            }
        }
        return n;
    }

    public List<Reservation> reservations() {
        return Collections.unmodifiableList(reservations);
    }

    public void addReservation(long address, long size) {
        reservations.add(new Reservation(address, size));
    }

    public int bootCpu() {
        return bootCpu;
    }

    /** The blob: header, reservation block, structure block, strings block (property names shared). */
    public byte[] toBytes() {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        Map<String, Integer> stringOffsets = new LinkedHashMap<>();
        ByteArrayOutputStream struct = new ByteArrayOutputStream();
        writeNode(root, struct, strings, stringOffsets);
        putInt(struct, FDT_END);

        int rsvOff = HEADER_SIZE; // 40 is 8-aligned, as the reservation block must be
        int rsvSize = 16 * (reservations.size() + 1);
        int structOff = rsvOff + rsvSize;
        int stringsOff = structOff + struct.size();
        int total = stringsOff + strings.size();
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(MAGIC).putInt(total).putInt(structOff).putInt(stringsOff).putInt(rsvOff)
                .putInt(VERSION).putInt(LAST_COMPATIBLE).putInt(bootCpu).putInt(strings.size()).putInt(struct.size());
        for (Reservation r : reservations) {
            b.putLong(r.address()).putLong(r.size());
        }
        b.putLong(0).putLong(0);
        b.put(struct.toByteArray()).put(strings.toByteArray());
        return b.array();
    }

    private static void writeNode(Node n, ByteArrayOutputStream out, ByteArrayOutputStream strings, Map<String, Integer> offsets) {
        putInt(out, FDT_BEGIN_NODE);
        byte[] name = n.name.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(name);
        out.write(0);
        pad(out, name.length + 1);
        for (Map.Entry<String, byte[]> p : n.properties.entrySet()) {
            Integer off = offsets.get(p.getKey());
            if (off == null) {
                off = strings.size();
                offsets.put(p.getKey(), off);
                strings.writeBytes(p.getKey().getBytes(StandardCharsets.UTF_8));
                strings.write(0);
            }
            putInt(out, FDT_PROP);
            putInt(out, p.getValue().length);
            putInt(out, off);
            out.writeBytes(p.getValue());
            pad(out, p.getValue().length);
        }
        for (Node c : n.children) {
            writeNode(c, out, strings, offsets);
        }
        putInt(out, FDT_END_NODE);
    }

    /** Pads {@code written} bytes to the 4-byte boundary the next token needs. */
    private static void pad(ByteArrayOutputStream out, int written) {
        for (int i = written; i % 4 != 0; i++) {
            out.write(0);
        }
    }

    private static void putInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
