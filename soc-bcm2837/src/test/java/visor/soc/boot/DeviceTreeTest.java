package visor.soc.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTreeTest {
    /** Builds a blob by hand, token by token, as the Devicetree Specification v0.4 ch. 5 lays it out. */
    private static final class Blob {
        final ByteArrayOutputStream struct = new ByteArrayOutputStream();
        final ByteArrayOutputStream strings = new ByteArrayOutputStream();

        Blob token(int t) {
            ByteBuffer b = ByteBuffer.allocate(4).putInt(t);
            struct.writeBytes(b.array());
            return this;
        }

        Blob begin(String name) {
            token(DeviceTree.FDT_BEGIN_NODE);
            byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
            struct.writeBytes(n);
            struct.writeBytes(new byte[(4 - n.length % 4) % 4]);
            return this;
        }

        Blob end() {
            return token(DeviceTree.FDT_END_NODE);
        }

        Blob prop(String name, byte[] value) {
            int off = strings.size();
            strings.writeBytes((name + "\0").getBytes(StandardCharsets.UTF_8));
            token(DeviceTree.FDT_PROP).token(value.length).token(off);
            struct.writeBytes(value);
            struct.writeBytes(new byte[(4 - value.length % 4) % 4]);
            return this;
        }

        byte[] build(long[][] reservations) {
            token(DeviceTree.FDT_END);
            int rsvOff = 40 + 8; // a gap: readers must follow the header's offsets
            int rsvSize = 16 * (reservations.length + 1);
            int structOff = rsvOff + rsvSize;
            int stringsOff = structOff + struct.size();
            int total = stringsOff + strings.size();
            ByteBuffer b = ByteBuffer.allocate(total);
            b.putInt(0xD00D_FEED).putInt(total).putInt(structOff).putInt(stringsOff).putInt(rsvOff)
                    .putInt(17).putInt(16).putInt(3).putInt(strings.size()).putInt(struct.size());
            b.position(rsvOff);
            for (long[] r : reservations) {
                b.putLong(r[0]).putLong(r[1]);
            }
            b.putLong(0).putLong(0);
            b.put(struct.toByteArray()).put(strings.toByteArray());
            return b.array();
        }
    }

    private static byte[] be32(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    private static byte[] handMade() {
        return new Blob().begin("")
                .prop("#address-cells", be32(1)).prop("#size-cells", be32(1))
                .prop("model", "Raspberry Pi 3 Model B\0".getBytes(StandardCharsets.UTF_8))
                .token(DeviceTree.FDT_NOP)
                .begin("chosen").end()
                .begin("memory@0").prop("device_type", "memory\0".getBytes(StandardCharsets.UTF_8)).prop("reg", be32(0, 0)).end()
                .end().build(new long[][] {{0, 0x1000}});
    }

    @Test
    void readsNodesPropertiesReservationsAndBootCpuOfAHandBuiltBlob() {
        DeviceTree t = DeviceTree.parse(handMade());
        assertEquals("Raspberry Pi 3 Model B", t.root().string("model"));
        assertArrayEquals(new long[] {1}, t.root().cells("#address-cells"));
        assertEquals("memory@0", t.node("/memory").name());
        assertEquals("memory", t.node("/memory@0").string("device_type"));
        assertTrue(t.node("/chosen").properties().isEmpty());
        assertNull(t.node("/soc"));
        assertEquals(List.of(new DeviceTree.Reservation(0, 0x1000)), t.reservations());
        assertEquals(3, t.bootCpu());
    }

    @Test
    void writtenBlobHasASpecConformingHeaderAndReadsBackTheEdits() {
        DeviceTree t = DeviceTree.parse(handMade());
        t.nodeOrCreate("/chosen").setString("bootargs", "console=ttyAMA0");
        t.node("/memory").setCells("reg", 1, 0, 0x3C00_0000L);
        t.nodeOrCreate("/soc/serial@7e201000").setCells("reg", 2, 0x7E20_1000L);
        byte[] blob = t.toBytes();

        ByteBuffer h = ByteBuffer.wrap(blob);
        assertEquals(0xD00D_FEED, h.getInt(0));
        assertEquals(blob.length, h.getInt(4), "totalsize");
        assertEquals(17, h.getInt(20), "version");
        assertEquals(16, h.getInt(24), "last_comp_version");
        assertEquals(0, h.getInt(16) % 8, "reservation block 8-aligned");
        assertEquals(0, h.getInt(8) % 4, "structure block 4-aligned");
        assertEquals(blob.length, h.getInt(12) + h.getInt(32), "strings block ends the blob");
        assertEquals(DeviceTree.FDT_BEGIN_NODE, h.getInt(h.getInt(8)), "structure starts with the root");
        assertEquals(DeviceTree.FDT_END, h.getInt(h.getInt(8) + h.getInt(36) - 4), "structure ends with FDT_END");

        DeviceTree back = DeviceTree.parse(blob);
        assertEquals("console=ttyAMA0", back.node("/chosen").string("bootargs"));
        assertArrayEquals(new long[] {0, 0x3C00_0000L}, back.node("/memory").cells("reg"));
        assertArrayEquals(new long[] {0, 0x7E20_1000L}, back.node("/soc/serial@7e201000").cells("reg"));
        assertEquals("Raspberry Pi 3 Model B", back.root().string("model"));
        assertEquals(List.of(new DeviceTree.Reservation(0, 0x1000)), back.reservations());
        assertEquals(3, back.bootCpu());
        assertArrayEquals(blob, back.toBytes(), "writing is stable");
    }

    @Test
    void propertyNamesAreSharedInTheStringsBlock() {
        DeviceTree t = DeviceTree.empty();
        for (int i = 0; i < 5; i++) {
            t.nodeOrCreate("/n" + i).setCells("reg", 1, i);
        }
        byte[] blob = t.toBytes();
        assertEquals("reg\0".length(), ByteBuffer.wrap(blob).getInt(32));
    }

    @Test
    void malformedBlobsAreRefusedWithTheReason() {
        byte[] good = handMade();
        byte[] badMagic = good.clone();
        badMagic[0] = 0;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceTree.parse(badMagic)).getMessage().contains("magic"));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 8);
        assertThrows(IllegalArgumentException.class, () -> DeviceTree.parse(truncated));
        byte[] badToken = good.clone();
        int structOff = ByteBuffer.wrap(good).getInt(8);
        ByteBuffer.wrap(badToken).putInt(structOff, 7);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceTree.parse(badToken)).getMessage().contains("token"));
        assertThrows(IllegalArgumentException.class, () -> DeviceTree.parse(new byte[12]));
    }

    @Test
    void cellsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeviceTree.encodeCells(1, 0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> DeviceTree.encodeCells(3, 1));
    }
}
