package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses the {@code members} setting: comma-separated base URLs, each optionally followed by
 * {@code ;weight=W} and {@code ;name=NAME}, e.g.
 * {@code http://10.0.0.1:8080;name=a, http://10.0.0.2:8080;weight=2}. A member without a name is
 * named after its host and port ({@code 10-0-0-1-8080}).
 */
public final class MemberListParser {
    /** What a route name may contain: it ends session ids, so it is kept to URL- and cookie-safe characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String URL_ACCEPTED =
            "absolute http or https URLs with a host and port and no path, query, fragment or user info, "
                    + "such as http://10.0.0.1:8080;weight=2;name=node1";

    private final String setting;

    public MemberListParser(String setting) {
        this.setting = setting;
    }

    /** Parses a whole member list; fails on an empty list and on duplicate URLs or names. */
    public List<Member> parseList(String value) {
        return parseList(value, null);
    }

    /**
     * Parses a whole member list in which an entry may also be a bare member name, standing for
     * the member that {@code named} gives for it (a member listed with its URL elsewhere); fails on
     * an empty list, duplicate URLs or names, and a name {@code named} does not know.
     */
    public List<Member> parseList(String value, Function<String, Member> named) {
        List<Member> members = new ArrayList<>();
        Set<URI> urls = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (String item : value.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String entry = item.trim();
            Member member = named != null && NAME.matcher(entry).matches() ? byName(entry, named) : parse(entry);
            if (!urls.add(member.baseUrl())) {
                throw new ConfigException("affinity setting '" + setting + "' lists " + member.baseUrl() + " twice: each member must appear once");
            }
            if (!names.add(member.name())) {
                throw new ConfigException("affinity setting '" + setting + "' has two members named '" + member.name() + "': names must be unique");
            }
            members.add(member);
        }
        if (members.isEmpty()) {
            throw new ConfigException("affinity setting '" + setting + "' lists no members: accepted: " + URL_ACCEPTED);
        }
        return List.copyOf(members);
    }

    private Member byName(String name, Function<String, Member> named) {
        Member member = named.apply(name);
        if (member == null) {
            throw ConfigException.invalid(setting, name, URL_ACCEPTED + ", or the name of a member given with its URL in another list");
        }
        return member;
    }

    /** Parses one member entry. */
    public Member parse(String entry) {
        String[] parts = entry.split(";");
        URI url = parseUrl(parts[0].trim());
        double weight = 1;
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            String option = parts[i].trim();
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq).trim();
            String value = eq < 0 ? "" : option.substring(eq + 1).trim();
            switch (key) {
                case "weight" -> weight = parseWeight(entry, value);
                case "name" -> name = parseName(entry, value);
                default -> throw ConfigException.invalid(setting, entry, "member options weight=W and name=NAME");
            }
        }
        return new Member(name != null ? name : defaultName(url), url, weight);
    }

    /** The name of a member configured without one: host and port with anything but letters and digits as '-'. */
    public static String defaultName(URI url) {
        return (url.getHost() + "-" + url.getPort()).replaceAll("[^A-Za-z0-9]", "-");
    }

    private URI parseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw ConfigException.invalid(setting, text, URL_ACCEPTED);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getPort() < 0
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null || !bare) {
            throw ConfigException.invalid(setting, text, URL_ACCEPTED);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT));
    }

    private double parseWeight(String entry, String value) {
        try {
            double weight = Double.parseDouble(value);
            if (weight > 0 && weight <= 1000) {
                return weight;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ConfigException.invalid(setting, entry, "weight=W with W a number above 0 and at most 1000");
    }

    private String parseName(String entry, String value) {
        if (!NAME.matcher(value).matches()) {
            throw ConfigException.invalid(setting, entry, "name=NAME with 1 to 64 letters, digits, '-' or '_'");
        }
        return value;
    }
}
