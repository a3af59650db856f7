package dev.affinity.access;

import dev.affinity.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of client addresses allowed to reach an endpoint: comma-separated IPv4 or IPv6 addresses
 * and CIDR blocks ({@code 127.0.0.0/8,::1,10.1.0.0/16}). Only address literals are accepted, so
 * parsing and matching never look a name up. An IPv4 address written as IPv6
 * ({@code ::ffff:127.0.0.1}) is matched as the IPv4 address it is.
 */
public final class AllowedAddresses {
    /** The default of every {@code status.allow} setting: this machine only. */
    public static final String LOOPBACK = "127.0.0.0/8,::1";
    /** What an address list setting accepts. */
    public static final String ACCEPTED = "comma-separated IPv4 or IPv6 addresses and CIDR blocks, such as 127.0.0.0/8,::1,10.0.0.0/16";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Block> blocks;
    private final String text;

    private AllowedAddresses(List<Block> blocks, String text) {
        this.blocks = List.copyOf(blocks);
        this.text = text;
    }

    /**
     * Parses {@code value}, the value of {@code setting}.
     *
     * @throws ConfigException naming the setting and what it accepts
     */
    public static AllowedAddresses parse(String setting, String value) {
        List<Block> blocks = new ArrayList<>();
        for (String item : value.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw ConfigException.invalid(setting, value, ACCEPTED);
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw ConfigException.invalid(setting, value, ACCEPTED);
                }
                if (prefix < 0 || prefix > bits) {
                    throw ConfigException.invalid(setting, value, ACCEPTED + " (a prefix of 0 to " + bits + " bits)");
                }
            }
            blocks.add(new Block(address, prefix));
        }
        if (blocks.isEmpty()) {
            throw ConfigException.invalid(setting, value, ACCEPTED);
        }
        return new AllowedAddresses(blocks, value);
    }

    /** Whether {@code remoteAddress} (as {@code ServletRequest.getRemoteAddr()} gives it) is in the list. */
    public boolean allows(String remoteAddress) {
        if (remoteAddress == null) {
            return false;
        }
        String bare = remoteAddress.startsWith("[") && remoteAddress.endsWith("]")
                ? remoteAddress.substring(1, remoteAddress.length() - 1) : remoteAddress;
        int zone = bare.indexOf('%');
        byte[] address = literal(zone < 0 ? bare : bare.substring(0, zone));
        if (address == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    /** The bytes of an IPv4 or IPv6 literal, IPv4-mapped IPv6 as IPv4; {@code null} for anything else (never a lookup). */
    private static byte[] literal(String text) {
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] address = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(v4.group(i + 1));
                if (part > 255) {
                    return null;
                }
                address[i] = (byte) part;
            }
            return address;
        }
        if (!IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            // a text with ':' is parsed as an IPv6 literal or refused, never looked up
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** One address with a prefix length. */
    private record Block(byte[] address, int prefix) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[whole] & mask) == (address[whole] & mask);
        }
    }
}
