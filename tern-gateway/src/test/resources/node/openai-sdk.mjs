// The official openai npm SDK against tern serve, unchanged: non-streaming, streaming with usage,
// a client-side tool round trip (plain and streamed), an error. Prints one JSON line per check.
import { pathToFileURL } from 'node:url';

const { default: OpenAI } = await import(pathToFileURL(process.env.TERN_NPM + '/node_modules/openai/index.mjs').href);
const client = new OpenAI({ baseURL: process.env.TERN_BASE_URL + '/v1', apiKey: process.env.TERN_TOKEN, maxRetries: 0 });
const out = (name, value) => console.log(name + ' ' + JSON.stringify(value));

const r = await client.chat.completions.create({ model: 'tern', messages: [{ role: 'user', content: 'hello sdk' }] });
out('NONSTREAM', { content: r.choices[0].message.content, finish: r.choices[0].finish_reason, total: r.usage.total_tokens, object: r.object });

const stream = await client.chat.completions.create({
  model: 'tern', stream: true, stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'please read the notes' }],
});
let text = '', usage = null, finish = null, chunks = 0;
for await (const chunk of stream) {
  chunks++;
  if (chunk.usage) usage = chunk.usage;
  const c = chunk.choices[0];
  if (c) { text += c.delta?.content ?? ''; if (c.finish_reason) finish = c.finish_reason; }
}
out('STREAM', { text, finish, total: usage?.total_tokens, chunks });

const tools = [{ type: 'function', function: { name: 'get_weather', description: 'the weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
const messages = [{ role: 'user', content: 'what is the weather?' }];
const first = await client.chat.completions.create({ model: 'tern', messages, tools });
const call = first.choices[0].message.tool_calls[0];
messages.push(first.choices[0].message);
messages.push({ role: 'tool', tool_call_id: call.id, content: 'sunny in ' + JSON.parse(call.function.arguments).city });
const second = await client.chat.completions.create({ model: 'tern', messages, tools });
out('TOOLS', { finish: first.choices[0].finish_reason, name: call.function.name, answer: second.choices[0].message.content });

const s2 = client.chat.completions.stream({ model: 'tern', messages: [{ role: 'user', content: 'what is the weather?' }], tools });
const fin = await s2.finalChatCompletion();
const sc = fin.choices[0].message.tool_calls?.[0];
out('STREAMTOOLS', { finish: fin.choices[0].finish_reason, name: sc?.function?.name, args: sc?.function?.arguments, id: sc?.id });

try {
  await client.chat.completions.create({ model: 'tern:agent/nobody', messages: [{ role: 'user', content: 'x' }] });
  out('ERROR', { status: 0 });
} catch (e) {
  out('ERROR', { status: e.status, code: e.code, kind: e.constructor.name });
}
const models = await client.models.list();
out('MODELS', { ids: models.data.map((m) => m.id) });
