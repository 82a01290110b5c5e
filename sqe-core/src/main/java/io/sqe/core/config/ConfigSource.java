package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Raw configuration values: a TOML file overlaid by {@code SQE_SECTION__KEY} environment variables.
 * Section names use dots in TOML ({@code [metrics.audit]}) and underscores in the environment
 * ({@code SQE_METRICS_AUDIT__PATH}). Typed sections read their keys through {@link Section}, which
 * records which keys were read so that misspelled keys are reported instead of silently ignored.
 */
public final class ConfigSource {
    private static final String ENV_PREFIX = "SQE_";

    private final Map<String, Map<String, String>> sections;
    private final Map<String, Set<String>> readKeys = new LinkedHashMap<>();

    private ConfigSource(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    /** Loads {@code file} (if present) and applies environment overrides from {@code environment}. */
    public static ConfigSource load(Optional<Path> file, Map<String, String> environment) {
        requireNonNull(file, "file is null");
        requireNonNull(environment, "environment is null");
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        if (file.isPresent()) {
            Path path = file.get();
            if (!Files.isRegularFile(path)) {
                throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "Configuration file not found: " + path);
            }
            try {
                JsonNode root = new TomlMapper().readTree(path.toFile());
                flatten("", root, sections);
            } catch (IOException e) {
                throw new SqeException(ErrorCode.CONFIGURATION_INVALID,
                        "Cannot parse configuration file " + path + ": " + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            String name = entry.getKey();
            int separator = name.indexOf("__");
            if (!name.startsWith(ENV_PREFIX) || separator < 0) {
                continue;
            }
            String section = name.substring(ENV_PREFIX.length(), separator).toLowerCase(Locale.ROOT);
            String key = name.substring(separator + 2).toLowerCase(Locale.ROOT);
            sections.computeIfAbsent(section, ignored -> new LinkedHashMap<>()).put(key, entry.getValue());
        }
        return new ConfigSource(sections);
    }

    public static ConfigSource empty() {
        return new ConfigSource(new LinkedHashMap<>());
    }

    /** Sections are keyed with underscores, so {@code [metrics.audit]} and {@code SQE_METRICS_AUDIT__X} meet. */
    private static void flatten(String prefix, JsonNode node, Map<String, Map<String, String>> sections) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                String section = prefix.isEmpty() ? field.getKey() : prefix + "_" + field.getKey();
                flatten(section.toLowerCase(Locale.ROOT), value, sections);
            } else if (prefix.isEmpty()) {
                throw new SqeException(ErrorCode.CONFIGURATION_INVALID,
                        "Configuration key '" + field.getKey() + "' must be inside a [section]");
            } else {
                String text = value.isArray() ? arrayText(value) : value.asText();
                sections.computeIfAbsent(prefix, ignored -> new LinkedHashMap<>()).put(field.getKey(), text);
            }
        }
    }

    private static String arrayText(JsonNode array) {
        StringBuilder text = new StringBuilder();
        for (JsonNode element : array) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(element.asText());
        }
        return text.toString();
    }

    public Section section(String name) {
        return new Section(name, sections.getOrDefault(name, Map.of()),
                readKeys.computeIfAbsent(name, ignored -> new HashSet<>()));
    }

    /** Fails on any section or key that no typed section read: a typo must not be silently ignored. */
    public void rejectUnknownKeys() {
        for (Map.Entry<String, Map<String, String>> section : sections.entrySet()) {
            Set<String> read = readKeys.getOrDefault(section.getKey(), Set.of());
            for (String key : section.getValue().keySet()) {
                if (!read.contains(key)) {
                    throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "Unknown configuration key '"
                            + key + "' in section [" + section.getKey().replace('_', '.')
                            + "]; see config/sqe.toml.example for the valid keys");
                }
            }
        }
    }

    /** Typed access to one section's keys; every accessor names the default. */
    public static final class Section {
        private final String name;
        private final Map<String, String> values;
        private final Set<String> read;

        private Section(String name, Map<String, String> values, Set<String> read) {
            this.name = name;
            this.values = values;
            this.read = read;
        }

        public String getString(String key, String defaultValue) {
            read.add(key);
            return values.getOrDefault(key, defaultValue);
        }

        public Optional<String> getOptional(String key) {
            read.add(key);
            return Optional.ofNullable(values.get(key)).filter(value -> !value.isBlank());
        }

        public Secret getSecret(String key) {
            return new Secret(getOptional(key).orElse(""));
        }

        public int getInt(String key, int defaultValue, int min, int max) {
            String text = getString(key, Integer.toString(defaultValue)).trim();
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw invalid(key, "'" + text + "' is not a whole number");
            }
            if (value < min || value > max) {
                throw invalid(key, value + " is outside " + min + ".." + max);
            }
            return value;
        }

        public long getLong(String key, long defaultValue, long min, long max) {
            String text = getString(key, Long.toString(defaultValue)).trim();
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw invalid(key, "'" + text + "' is not a whole number");
            }
            if (value < min || value > max) {
                throw invalid(key, value + " is outside " + min + ".." + max);
            }
            return value;
        }

        public boolean getBoolean(String key, boolean defaultValue) {
            String text = getString(key, Boolean.toString(defaultValue)).trim().toLowerCase(Locale.ROOT);
            switch (text) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw invalid(key, "'" + text + "' is not true or false");
            }
        }

        public <E extends Enum<E>> E getEnum(String key, Class<E> type, E defaultValue) {
            String text = getString(key, defaultValue.name()).trim();
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw invalid(key, "'" + text + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants())
                    .toLowerCase(Locale.ROOT));
        }

        public SqeException invalid(String key, String problem) {
            return new SqeException(ErrorCode.CONFIGURATION_INVALID,
                    "Invalid configuration [" + name.replace('_', '.') + "] " + key + ": " + problem);
        }
    }
}
