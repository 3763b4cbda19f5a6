// Stand-ins for the Git hosts, served on 127.0.0.1: no test reaches outside the machine.
export * from './fakeGithub';
export * from './fakeGitlab';
