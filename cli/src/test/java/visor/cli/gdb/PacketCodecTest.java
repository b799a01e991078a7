package visor.cli.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PacketCodecTest {
    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void checksumIsTheByteSumModulo256InLowerCaseHex() {
        // gdb's own first packet after connecting: '?' is 0x3f.
        assertEquals("$?#3f", text(PacketCodec.frame("?".getBytes(StandardCharsets.ISO_8859_1))));
        assertEquals("$OK#9a", text(PacketCodec.frame("OK".getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void reservedBytesAreEscapedWithBraceAndXor0x20() {
        byte[] framed = PacketCodec.frame(new byte[] {'a', '#', '$', '}', '*'});
        assertEquals("$a}\u0003}\u0004}]}\n#", text(framed).substring(0, text(framed).length() - 2));
    }

    @Test
    void readAcksGoodPacketsNaksBadOnesAndUnescapes() throws IOException {
        byte[] good = PacketCodec.frame(new byte[] {'M', '#', '}'});
        String wire = "+$m0,4#00" + text(good) + "\u0003";
        ByteArrayOutputStream acks = new ByteArrayOutputStream();
        PacketCodec codec = new PacketCodec(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), acks);
        PacketCodec.Frame f = codec.read();
        assertEquals("M#}", ((PacketCodec.Packet) f).text());
        assertEquals("-+", acks.toString(StandardCharsets.ISO_8859_1), "bad checksum asked again, good one acked");
        assertEquals(PacketCodec.Interrupt.INSTANCE, codec.read());
        assertEquals(PacketCodec.Closed.INSTANCE, codec.read());
    }
}
