/*
 * A small Bayeux (CometD) long-polling client for the page, speaking to the org's /cometd endpoint
 * with the page's session, as Lightning's empApi does: one connection per page, handshake, a
 * /meta/connect held open by the server, subscriptions with the replay extension. On
 * `reconnect: handshake` it handshakes again and subscribes again from the last replay id seen.
 */
const API_VERSION = '62.0';
const RETRY_MS = 1000;

export class BayeuxClient {
  constructor(token, onFailure) {
    this.token = token;
    this.onFailure = onFailure;
    this.clientId = null;
    this.nextId = 1;
    this.channels = new Map(); // channel -> { replayId, listeners: Set }
    this.running = false;
  }

  async send(messages) {
    const response = await fetch(`/cometd/${API_VERSION}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `OAuth ${this.token}` },
      body: JSON.stringify(messages.map((m) => ({ ...m, id: String(this.nextId++) }))),
    });
    if (!response.ok) {
      throw new Error(`CometD answered ${response.status}`);
    }
    return response.json();
  }

  async handshake() {
    const [reply] = await this.send([
      { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] },
    ]);
    if (!reply || !reply.successful) {
      throw new Error((reply && reply.error) || 'CometD handshake refused');
    }
    this.clientId = reply.clientId;
    for (const channel of this.channels.keys()) {
      // eslint-disable-next-line no-await-in-loop
      await this.subscribeOnServer(channel);
    }
    if (!this.running) {
      this.running = true;
      this.loop();
    }
  }

  async subscribeOnServer(channel) {
    const entry = this.channels.get(channel);
    const replies = await this.send([
      {
        channel: '/meta/subscribe',
        clientId: this.clientId,
        subscription: channel,
        ext: { replay: { [channel]: entry.replayId } },
      },
    ]);
    const reply = replies.find((m) => m.channel === '/meta/subscribe');
    if (!reply || !reply.successful) {
      throw new Error((reply && reply.error) || `Subscription to ${channel} refused`);
    }
  }

  async subscribe(channel, replayId, listener) {
    const entry = this.channels.get(channel) || { replayId, listeners: new Set() };
    entry.listeners.add(listener);
    const isNew = !this.channels.has(channel);
    this.channels.set(channel, entry);
    if (!this.clientId) {
      await this.handshake();
    } else if (isNew) {
      await this.subscribeOnServer(channel);
    }
  }

  unsubscribe(channel, listener) {
    const entry = this.channels.get(channel);
    if (entry) {
      entry.listeners.delete(listener);
    }
  }

  deliver(message) {
    const entry = this.channels.get(message.channel);
    if (!entry) {
      return;
    }
    const replayId = message.data && message.data.event && message.data.event.replayId;
    if (typeof replayId === 'number') {
      entry.replayId = replayId;
    }
    for (const listener of entry.listeners) {
      listener(message);
    }
  }

  async loop() {
    let first = true;
    while (this.running) {
      try {
        const connect = { channel: '/meta/connect', clientId: this.clientId, connectionType: 'long-polling' };
        // eslint-disable-next-line no-await-in-loop
        const messages = await this.send([first ? { ...connect, advice: { timeout: 0 } } : connect]);
        first = false;
        let reconnect = 'retry';
        for (const message of messages) {
          if (message.channel === '/meta/connect') {
            reconnect =
              (message.advice && message.advice.reconnect) || (message.successful ? 'retry' : 'handshake');
          } else if (!message.channel.startsWith('/meta/')) {
            this.deliver(message);
          }
        }
        if (reconnect === 'none') {
          this.running = false;
          this.onFailure('The streaming connection was closed by the server.');
        } else if (reconnect === 'handshake') {
          this.running = false;
          // eslint-disable-next-line no-await-in-loop
          await this.handshake();
          return;
        }
      } catch {
        // eslint-disable-next-line no-await-in-loop, @lwc/lwc/no-async-operation
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}
