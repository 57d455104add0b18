using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace ConvAD.Description
{
    /// <summary>
    /// One JSON object of a sidecar, read with errors that name the file and the property path ("input.mean").
    /// Names match case-insensitively so "Mean" is not silently ignored; names it does not know are ignored
    /// so newer sidecars still load.
    /// </summary>
    internal sealed class SidecarObject
    {
        private readonly Dictionary<string, JsonProperty> _properties = new Dictionary<string, JsonProperty>(StringComparer.OrdinalIgnoreCase);
        private readonly string _path;
        private readonly string _source;

        public SidecarObject(JsonElement element, string path, string source)
        {
            _path = path;
            _source = source;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Fail(path.Length == 0 ? "the top level must be a JSON object { ... }" : $"'{path}' must be an object {{ ... }}");
            }

            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (_properties.TryGetValue(property.Name, out JsonProperty first))
                {
                    // Names match case-insensitively, so "mean" and "Mean" are the same property said twice.
                    throw Fail($"property '{Qualify(first.Name)}' appears twice");
                }

                _properties.Add(property.Name, property);
            }
        }

        public ModelDescriptionException Fail(string problem, Exception? inner = null) => new ModelDescriptionException(_source, problem, inner);

        public string Qualify(string name) => _path.Length == 0 ? name : _path + "." + name;

        public bool TryGet(string name, out JsonElement value)
        {
            bool found = _properties.TryGetValue(name, out JsonProperty property) && property.Value.ValueKind != JsonValueKind.Null;
            value = found ? property.Value : default;
            return found;
        }

        public string? String(string name, bool required = false)
        {
            if (!TryGet(name, out JsonElement value))
            {
                if (required)
                {
                    throw Fail($"required property '{Qualify(name)}' is missing");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                throw Fail($"'{Qualify(name)}' must be a non-empty string");
            }

            return value.GetString()!;
        }

        public SidecarObject? Object(string name) =>
            TryGet(name, out JsonElement value) ? new SidecarObject(value, Qualify(name), _source) : null;

        /// <summary>A number or an array of numbers (a lone number reads as a one-element array).</summary>
        public double[]? Numbers(string name)
        {
            if (!TryGet(name, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number)
            {
                return new[] { value.GetDouble() };
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Fail($"'{Qualify(name)}' must be a number or an array of numbers");
            }

            var numbers = new double[value.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number)
                {
                    throw Fail($"'{Qualify(name)}[{i}]' must be a number, got {Describe(item)}");
                }

                numbers[i++] = item.GetDouble();
            }

            return numbers;
        }

        public int? Int(string name)
        {
            if (!TryGet(name, out JsonElement value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result)
                ? result
                : throw Fail($"'{Qualify(name)}' must be an integer, got {Describe(value)}");
        }

        public static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"\"{value.GetString()}\"",
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
        };
    }
}
