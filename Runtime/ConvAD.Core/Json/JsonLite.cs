using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ConvAD.Json
{
    /// <summary>The kinds of <see cref="JsonNode"/>.</summary>
    internal enum JsonKind
    {
        Null,
        Boolean,
        Number,
        String,
        Array,
        Object,
    }

    /// <summary>
    /// A parsed JSON value. The sidecar reader (ConvAD.Description) runs in the source generator too, where
    /// System.Text.Json is not available to a netstandard2.0 analyzer without shipping it; this covers the
    /// sidecar's needs: comments and trailing commas. Duplicate and case-insensitive names are the reader's rules.
    /// </summary>
    internal sealed class JsonNode
    {
        private JsonNode(JsonKind kind, object? value)
        {
            Kind = kind;
            Value = value;
        }

        public JsonKind Kind { get; }

        private object? Value { get; }

        public bool Boolean => (bool)Value!;

        public double Number => (double)Value!;

        public string String => (string)Value!;

        public IReadOnlyList<JsonNode> Items => (List<JsonNode>)Value!;

        /// <summary>An object's properties in file order.</summary>
        public IReadOnlyList<KeyValuePair<string, JsonNode>> Properties => (List<KeyValuePair<string, JsonNode>>)Value!;

        /// <summary>A property matched case-insensitively; null when absent or JSON null.</summary>
        public JsonNode? Get(string name)
        {
            foreach (KeyValuePair<string, JsonNode> p in Properties)
            {
                if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return p.Value.Kind == JsonKind.Null ? null : p.Value;
                }
            }

            return null;
        }

        public override string ToString() => Kind switch
        {
            JsonKind.Null => "null",
            JsonKind.Boolean => Boolean ? "true" : "false",
            JsonKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
            JsonKind.String => "\"" + String + "\"",
            JsonKind.Array => "an array",
            _ => "an object",
        };

        internal static JsonNode Of(JsonKind kind, object? value) => new JsonNode(kind, value);
    }

    /// <summary>A syntax error, with the 1-based line where it was found.</summary>
    public sealed class JsonLiteException : Exception
    {
        /// <summary>A JSON syntax error.</summary>
        /// <param name="message">What is wrong at that place.</param>
        /// <param name="line">The 1-based line where it was found.</param>
        public JsonLiteException(string message, int line)
            : base($"invalid JSON at line {line}: {message}")
        {
            Line = line;
        }

        /// <summary>The 1-based line of the text where the error was found.</summary>
        public int Line { get; }
    }

    /// <summary>A small recursive-descent parser for <see cref="JsonNode"/>.</summary>
    internal sealed class JsonLite
    {
        private const int MaxDepth = 64;
        private readonly string _text;
        private int _pos;

        private JsonLite(string text) => _text = text;

        public static JsonNode Parse(string text)
        {
            var parser = new JsonLite(text);
            JsonNode value = parser.ReadValue(0);
            parser.SkipTrivia();
            if (parser._pos < text.Length)
            {
                throw parser.Error($"unexpected '{text[parser._pos]}' after the value");
            }

            return value;
        }

        private JsonNode ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("nested too deeply");
            }

            SkipTrivia();
            if (_pos >= _text.Length)
            {
                throw Error("unexpected end of the file");
            }

            char c = _text[_pos];
            switch (c)
            {
                case '{':
                    return ReadObject(depth);
                case '[':
                    return ReadArray(depth);
                case '"':
                    return JsonNode.Of(JsonKind.String, ReadString());
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ReadNumber();
                    }

                    if (TryWord("true"))
                    {
                        return JsonNode.Of(JsonKind.Boolean, true);
                    }

                    if (TryWord("false"))
                    {
                        return JsonNode.Of(JsonKind.Boolean, false);
                    }

                    if (TryWord("null"))
                    {
                        return JsonNode.Of(JsonKind.Null, null);
                    }

                    throw Error($"'{c}' is not the start of a value");
            }
        }

        private JsonNode ReadObject(int depth)
        {
            _pos++;
            var properties = new List<KeyValuePair<string, JsonNode>>();
            while (true)
            {
                SkipTrivia();
                if (Peek() == '}')
                {
                    _pos++;
                    return JsonNode.Of(JsonKind.Object, properties);
                }

                if (Peek() != '"')
                {
                    throw Error("expected a property name in double quotes");
                }

                string name = ReadString();

                SkipTrivia();
                Expect(':');
                properties.Add(new KeyValuePair<string, JsonNode>(name, ReadValue(depth + 1)));
                if (!ListContinues('}'))
                {
                    return JsonNode.Of(JsonKind.Object, properties);
                }
            }
        }

        private JsonNode ReadArray(int depth)
        {
            _pos++;
            var items = new List<JsonNode>();
            while (true)
            {
                SkipTrivia();
                if (Peek() == ']')
                {
                    _pos++;
                    return JsonNode.Of(JsonKind.Array, items);
                }

                items.Add(ReadValue(depth + 1));
                if (!ListContinues(']'))
                {
                    return JsonNode.Of(JsonKind.Array, items);
                }
            }
        }

        // After an element: a comma continues (a trailing comma is allowed), the closer ends the list.
        private bool ListContinues(char closer)
        {
            SkipTrivia();
            if (Peek() == ',')
            {
                _pos++;
                return true;
            }

            if (Peek() == closer)
            {
                _pos++;
                return false;
            }

            throw Error($"expected ',' or '{closer}'");
        }

        private string ReadString()
        {
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                char c = _text[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c == '\n')
                {
                    throw Error("line break inside a string");
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                char e = _pos < _text.Length ? _text[_pos++] : '\0';
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                        {
                            throw Error("invalid \\u escape");
                        }

                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        throw Error($"invalid escape '\\{e}'");
                }
            }
        }

        private JsonNode ReadNumber()
        {
            int start = _pos;
            while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0)
            {
                _pos++;
            }

            string token = _text.Substring(start, _pos - start);
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsInfinity(value))
            {
                throw Error($"'{token}' is not a number");
            }

            return JsonNode.Of(JsonKind.Number, value);
        }

        private bool TryWord(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
            {
                return false;
            }

            _pos += word.Length;
            return true;
        }

        private void SkipTrivia()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF')
                {
                    _pos++;
                }
                else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
                {
                    int end = _text.IndexOf('\n', _pos);
                    _pos = end < 0 ? _text.Length : end;
                }
                else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
                {
                    int end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw Error("unterminated comment");
                    }

                    _pos = end + 2;
                }
                else
                {
                    return;
                }
            }
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"expected '{c}'");
            }

            _pos++;
        }

        private JsonLiteException Error(string message)
        {
            int line = 1;
            for (int i = 0; i < _pos && i < _text.Length; i++)
            {
                if (_text[i] == '\n')
                {
                    line++;
                }
            }

            return new JsonLiteException(message, line);
        }
    }
}
