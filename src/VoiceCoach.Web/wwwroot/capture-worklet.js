// Runs on the audio thread: the microphone's samples, converted to 16 kHz mono 16-bit PCM in 20 ms frames (320
// samples), posted to the page, which sends them over the session's WebSocket. When the audio context already runs at
// 16 kHz (the page asks for it) nothing is resampled; otherwise linear interpolation brings it to 16 kHz.
const RATE = 16000;
const FRAME = 320;

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ratio = sampleRate / RATE;
    this.t = 0;
    this.prev = 0;
    this.frame = new Int16Array(FRAME);
    this.n = 0;
  }

  push(sample) {
    const s = Math.max(-1, Math.min(1, sample));
    this.frame[this.n++] = Math.round(s < 0 ? s * 32768 : s * 32767);
    if (this.n === FRAME) {
      this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
      this.frame = new Int16Array(FRAME);
      this.n = 0;
    }
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) {
      return true;
    }

    if (this.ratio === 1) {
      for (let i = 0; i < channel.length; i++) {
        this.push(channel[i]);
      }

      return true;
    }

    // Position t counts input samples from the start of this block; -1 is the last sample of the previous block.
    let t = this.t;
    while (t <= channel.length - 1) {
      const i = Math.floor(t);
      const f = t - i;
      const a = i < 0 ? this.prev : channel[i];
      const b = channel[i + 1] ?? a;
      this.push(a + (b - a) * f);
      t += this.ratio;
    }

    this.t = t - channel.length;
    this.prev = channel[channel.length - 1];
    return true;
  }
}

registerProcessor('voicecoach-capture', CaptureProcessor);
