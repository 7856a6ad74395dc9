import { describe, expect, it } from 'vitest';
import {
  type BackingProbe,
  type BackingSource,
  chooseBackingSource,
  nextBackingStep,
} from '../../src/backing-source.ts';

const combinations = [false, true].flatMap((urlInEnvironment) =>
  [false, true].flatMap((defaultPortListening) =>
    [false, true].map((dockerEngine) => ({ urlInEnvironment, defaultPortListening, dockerEngine })),
  ),
);

function expectedSource(facts: (typeof combinations)[number]): BackingSource {
  if (facts.urlInEnvironment) return 'environment';
  if (facts.defaultPortListening) return 'default-port';
  return facts.dockerEngine ? 'container' : 'local';
}

describe('chooseBackingSource', () => {
  it.each(combinations)(
    'url in environment $urlInEnvironment, default port listening $defaultPortListening, Docker engine $dockerEngine',
    async (facts) => {
      const probed: BackingProbe[] = [];
      const probe = (name: BackingProbe) => async () => {
        probed.push(name);
        return facts[name];
      };
      const source = await chooseBackingSource(facts.urlInEnvironment, {
        defaultPortListening: probe('defaultPortListening'),
        dockerEngine: probe('dockerEngine'),
      });
      expect(source).toBe(expectedSource(facts));
      // Nothing is probed that an earlier source makes moot: no port check past an URL, no
      // Docker engine check past a listening server.
      const expectedProbes: BackingProbe[] = facts.urlInEnvironment
        ? []
        : facts.defaultPortListening
          ? ['defaultPortListening']
          : ['defaultPortListening', 'dockerEngine'];
      expect(probed).toEqual(expectedProbes);
    },
  );
});

describe('nextBackingStep', () => {
  it('asks for the default port first, then for a Docker engine', () => {
    expect(nextBackingStep({ urlInEnvironment: false })).toEqual({ probe: 'defaultPortListening' });
    expect(nextBackingStep({ urlInEnvironment: false, defaultPortListening: false })).toEqual({
      probe: 'dockerEngine',
    });
  });

  it('takes the environment even when the other facts are known and true', () => {
    expect(
      nextBackingStep({ urlInEnvironment: true, defaultPortListening: true, dockerEngine: true }),
    ).toEqual({
      use: 'environment',
    });
  });

  it("falls back to the project's own start when no Docker engine answers", () => {
    expect(
      nextBackingStep({ urlInEnvironment: false, defaultPortListening: false, dockerEngine: false }),
    ).toEqual({
      use: 'local',
    });
  });
});
